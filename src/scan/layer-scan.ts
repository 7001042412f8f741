/**
 * What scanning one layer produces: the facts of its content, a pure product of the
 * uncompressed tar, cacheable by diffID. Facts of the blob that carried it (compression,
 * compressed size, blob digest) are not here: they belong to the blob digest and end up on
 * the layers of the image a scan describes (scan-image.ts, blob-facts.ts).
 */
import type { FileRecord, LayerCounts } from './file-record.js';

/** Bumped whenever the shape or meaning of a LayerScan changes (it keys the scan cache). */
export const SCAN_FORMAT_VERSION = 5;

export interface LayerScan {
  formatVersion: number;
  /** sha256 of the uncompressed tar, as computed while reading. */
  diffID: string;
  /** Bytes of the uncompressed tar. */
  tarSize: number;
  /**
   * Bytes of the tar gzipped at level 6, as `docker push` would send a plain layer: exact up to
   * 4 MiB, above that sample-compressed (gzip-estimate.ts). A content fact, like tarSize.
   */
  gzipEstimate: number;
  /** Sum of regular file sizes (what the files hold, without tar headers). */
  contentBytes: number;
  /**
   * Unpacked size as the engine counts it for `docker history`: regular file bytes plus
   * the length of each symlink target.
   */
  size: number;
  counts: LayerCounts;
  inodes: number;
  entries: FileRecord[];
  /** True when entries carry content hashes. */
  hashed: boolean;
}

/** What scanning one layer produces: a pure product of the layer's bytes, cacheable by diffID. */
import type { Compression } from '../source/model.js';
import type { FileRecord, LayerCounts } from './file-record.js';

/** Bumped whenever the shape or meaning of a LayerScan changes (it keys the scan cache). */
export const SCAN_FORMAT_VERSION = 2;

export interface LayerScan {
  formatVersion: number;
  /** sha256 of the uncompressed tar, as computed while reading. */
  diffID: string;
  /** sha256 of the blob as read (equals diffID for uncompressed blobs). */
  blobDigest: string;
  compression: Compression;
  /** Bytes of the blob as read. */
  blobSize: number;
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

/**
 * What a scan keeps of a layer tar, whichever way its bytes are read (a stream, or a file it
 * can seek in): a FileRecord per entry with the layer's counts, content hashes when asked,
 * and the finished LayerScan with its digests checked.
 */
import { createHash, type Hash } from 'node:crypto';
import { LayerscopeError } from '../../errors.js';
import { countRecord, emptyCounts, inodesOf, type FileRecord } from '../file-record.js';
import { SCAN_FORMAT_VERSION, type LayerScan } from '../layer-scan.js';
import { isPackageMetadata, METADATA_FILE_LIMIT, METADATA_LAYER_LIMIT } from './package-metadata.js';
import { toRecord } from './tar-entry.js';
import type { TarHeader } from '../../tar/tar-header.js';
import type { BodySink } from '../../tar/tar-walker.js';

export interface ScanDigests {
  diffID: string;
  tarSize: number;
  /** sha256 of the blob as read, when it was hashed (a compressed blob); checked against expectDigest. */
  blobDigest?: string;
  /** What docker push would send for this tar: gzip -6, compressed whole or sampled (gzip-estimate.ts). */
  gzipEstimate: number;
}

export interface ScanExpectations {
  /** Expected diffID and blob digest; a mismatch fails the scan. */
  expectDiffID?: string;
  expectDigest?: string;
  /** Hash every regular file's content (for comparisons). */
  hashContent?: boolean;
}

/** Turns tar headers into FileRecords with their counts; hashes file bodies when asked. */
export class EntryCollector {
  readonly entries: FileRecord[] = [];
  readonly counts = emptyCounts();
  contentBytes = 0;
  linkBytes = 0;

  constructor(private readonly hashContent: boolean) {}

  add(header: TarHeader): BodySink | undefined {
    const record = toRecord(header);
    if (!record) return undefined;
    this.entries.push(record);
    countRecord(this.counts, record.type);
    if (record.type === 'file') this.contentBytes += record.size;
    if (record.type === 'symlink') this.linkBytes += Buffer.byteLength(record.linkTarget ?? '');
    if (record.type !== 'file') return undefined;
    const hash = this.hashContent ? contentHash(record) : undefined;
    const keep = this.keepText(record) ? textOf(record) : undefined;
    return hash && keep ? both(hash, keep) : (hash ?? keep);
  }

  /** Bytes of metadata content kept so far (bounded: METADATA_LAYER_LIMIT). */
  private kept = 0;

  private keepText(record: FileRecord): boolean {
    if (record.size > METADATA_FILE_LIMIT || this.kept + record.size > METADATA_LAYER_LIMIT) return false;
    if (!isPackageMetadata(record.path)) return false;
    this.kept += record.size;
    return true;
  }

  /** The LayerScan, once the digests are known; throws when one differs from what was expected. */
  finish(d: ScanDigests, expect: ScanExpectations): LayerScan {
    verify('diffID', expect.expectDiffID, d.diffID);
    verify('blob digest', expect.expectDigest, d.blobDigest ?? d.diffID);
    return {
      formatVersion: SCAN_FORMAT_VERSION,
      diffID: d.diffID,
      tarSize: d.tarSize,
      gzipEstimate: d.gzipEstimate,
      contentBytes: this.contentBytes,
      size: this.contentBytes + this.linkBytes,
      counts: this.counts,
      inodes: inodesOf(this.counts),
      entries: this.entries,
      hashed: this.hashContent,
    };
  }
}

/** A package metadata file's body, stored on its record as text when the body ends. */
function textOf(record: FileRecord): BodySink {
  const chunks: Buffer[] = [];
  return {
    // The walker reuses its buffers: each chunk is copied.
    update: (chunk) => void chunks.push(Buffer.from(chunk)),
    end: () => void (record.text = Buffer.concat(chunks).toString('utf8')),
  };
}

const both = (a: BodySink, b: BodySink): BodySink => ({
  update: (chunk) => (a.update(chunk), b.update(chunk)),
  end: () => (a.end(), b.end()),
});

/** sha1 of a file's body, stored on its record when the body ends. */
function contentHash(record: FileRecord): BodySink {
  const hash: Hash = createHash('sha1');
  return {
    update: (chunk) => void hash.update(chunk),
    end: () => void (record.hash = hash.digest('hex')),
  };
}

function verify(what: string, expected: string | undefined, actual: string): void {
  if (!expected || expected === actual) return;
  throw new LayerscopeError(
    'digest-mismatch',
    `${what} mismatch: expected ${short(expected)}, content is ${short(actual)}`,
    {
      hint: 'the image is corrupt or was modified after it was written',
    },
  );
}

const short = (d: string) => d.slice(0, 19);

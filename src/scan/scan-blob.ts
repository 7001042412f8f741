/**
 * The one pass over a layer blob: sniff compression, decompress, walk the tar header by
 * header (tar-walker.ts), and hash both the blob and the tar as they stream by. Bodies are
 * skipped in place, or hashed when a comparison asks for content hashes. Memory grows with
 * the number of entries, never with bytes.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LayerscopeError } from '../errors.js';
import { createDecoder, peek, sniffCompression } from '../source/decompress.js';
import { countRecord, emptyCounts, inodesOf, type FileRecord } from './file-record.js';
import { SCAN_FORMAT_VERSION, type LayerScan } from './layer-scan.js';
import { createSha256, type StreamingSha256 } from './sha256.js';
import { toRecord } from './tar-entry.js';
import { TarWalker, type BodySink } from './tar-walker.js';

export interface ScanBlobOptions {
  /** Expected diffID and blob digest; a mismatch fails the scan. */
  expectDiffID?: string;
  expectDigest?: string;
  /** Hash every regular file's content (for comparisons). */
  hashContent?: boolean;
  /** The blob's size when known: large blobs are hashed on a worker thread. */
  sizeHint?: number;
  signal?: AbortSignal;
  /** Called with the number of blob bytes read since the last call. */
  onBytes?: (n: number) => void;
}

export async function scanBlob(blob: Readable, opts: ScanBlobOptions = {}): Promise<LayerScan> {
  const compression = sniffCompression(await peek(blob, 4));
  const tarHash = createSha256(opts.sizeHint);
  const blobHash = compression === 'none' ? undefined : createSha256(opts.sizeHint);
  const collector = new EntryCollector(!!opts.hashContent);
  const walker = new TarWalker((header) => collector.add(header));
  let blobSize = 0;
  let tarSize = 0;
  const countBlob = (n: number) => {
    blobSize += n;
    opts.onBytes?.(n);
  };
  const stages = blobHash
    ? [hashing(blobHash, countBlob), createDecoder(compression), hashing(tarHash, (n) => (tarSize += n))]
    : [hashing(tarHash, (n) => (countBlob(n), (tarSize += n)))];
  try {
    await pipeline([blob, ...stages, walking(walker)], { signal: opts.signal });
  } catch (err) {
    tarHash.abort();
    blobHash?.abort();
    throw err;
  }
  const diffID = await tarHash.digest();
  const blobDigest = blobHash ? await blobHash.digest() : diffID;
  verify('diffID', opts.expectDiffID, diffID);
  verify('blob digest', opts.expectDigest, blobDigest);
  return {
    formatVersion: SCAN_FORMAT_VERSION,
    diffID,
    blobDigest,
    compression,
    blobSize,
    tarSize,
    contentBytes: collector.contentBytes,
    size: collector.contentBytes + collector.linkBytes,
    counts: collector.counts,
    inodes: inodesOf(collector.counts),
    entries: collector.entries,
    hashed: !!opts.hashContent,
  };
}

/** Turns tar headers into FileRecords with their counts; hashes file bodies when asked. */
class EntryCollector {
  readonly entries: FileRecord[] = [];
  readonly counts = emptyCounts();
  contentBytes = 0;
  linkBytes = 0;

  constructor(private readonly hashContent: boolean) {}

  add(header: Parameters<typeof toRecord>[0]): BodySink | undefined {
    const record = toRecord(header);
    if (!record) return undefined;
    this.entries.push(record);
    countRecord(this.counts, record.type);
    if (record.type === 'file') this.contentBytes += record.size;
    if (record.type === 'symlink') this.linkBytes += Buffer.byteLength(record.linkTarget ?? '');
    return this.hashContent && record.type === 'file' ? contentHash(record) : undefined;
  }
}

/** sha1 of a file's body, stored on its record when the body ends. */
function contentHash(record: FileRecord): BodySink {
  const hash: Hash = createHash('sha1');
  return {
    update: (chunk) => void hash.update(chunk),
    end: () => void (record.hash = hash.digest('hex')),
  };
}

/** A pass-through stage that counts and hashes what flows by, waiting when the hasher is busy. */
function hashing(hash: StreamingSha256, count: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      count(chunk.length);
      const waiting = hash.update(chunk);
      if (waiting) waiting.then(() => done(null, chunk), done);
      else done(null, chunk);
    },
  });
}

function walking(walker: TarWalker): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      try {
        walker.write(chunk);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    final(done) {
      try {
        walker.end();
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

function verify(what: string, expected: string | undefined, actual: string): void {
  if (!expected || !expected.startsWith('sha256:') || expected === actual) return;
  throw new LayerscopeError('digest-mismatch', `${what} mismatch: expected ${short(expected)}, content is ${short(actual)}`, {
    hint: 'the image is corrupt or was modified after it was written',
  });
}

const short = (d: string) => d.slice(0, 19);

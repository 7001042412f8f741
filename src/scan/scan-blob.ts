/**
 * The one pass over a layer blob: sniff compression, decompress, walk the tar with
 * tar-stream, drain every body, and hash both the blob and the tar as they stream by.
 * Memory grows with the number of entries, never with bytes.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { LayerscopeError } from '../errors.js';
import { createDecoder, peek, sniffCompression } from '../source/decompress.js';
import { countRecord, emptyCounts, inodesOf, type FileRecord } from './file-record.js';
import { SCAN_FORMAT_VERSION, type LayerScan } from './layer-scan.js';
import { toRecord, type TarHeader } from './tar-entry.js';

export interface ScanBlobOptions {
  /** Expected diffID and blob digest; a mismatch fails the scan. */
  expectDiffID?: string;
  expectDigest?: string;
  /** Hash every regular file's content (for comparisons). */
  hashContent?: boolean;
  signal?: AbortSignal;
  /** Called with the number of blob bytes read since the last call. */
  onBytes?: (n: number) => void;
}

export async function scanBlob(blob: Readable, opts: ScanBlobOptions = {}): Promise<LayerScan> {
  const blobHash = createHash('sha256');
  let blobSize = 0;
  const head = await peek(blob, 4);
  const compression = sniffCompression(head);
  blob.on('data', (chunk: Buffer) => {
    blobSize += chunk.length;
    if (compression !== 'none') blobHash.update(chunk);
    opts.onBytes?.(chunk.length);
  });
  const decoder = createDecoder(compression);
  const tarHash = createHash('sha256');
  let tarSize = 0;
  decoder.on('data', (chunk: Buffer) => {
    tarSize += chunk.length;
    tarHash.update(chunk);
  });
  const entries: FileRecord[] = [];
  const counts = emptyCounts();
  let contentBytes = 0;
  let linkBytes = 0;
  const extract = tar.extract({ filenameEncoding: 'latin1' } as Parameters<typeof tar.extract>[0]);
  extract.on('entry', (header, body, next) => {
    const record = toRecord(header as TarHeader);
    if (record) {
      entries.push(record);
      countRecord(counts, record.type);
      if (record.type === 'file') contentBytes += record.size;
      if (record.type === 'symlink') linkBytes += Buffer.byteLength(record.linkTarget ?? '');
    }
    const hash = opts.hashContent && record?.type === 'file' ? createHash('sha1') : undefined;
    if (hash) body.on('data', (c: unknown) => hash.update(c as Buffer));
    body.on('end', () => {
      if (hash && record) record.hash = hash.digest('hex');
      next();
    });
    // When the pipeline fails mid-entry, the entry stream is destroyed with the same error,
    // which the pipeline already reports.
    body.on('error', () => {});
    body.resume();
  });
  await pipeline(blob, decoder, extract, { signal: opts.signal });
  const diffID = `sha256:${tarHash.digest('hex')}`;
  const blobDigest = compression === 'none' ? diffID : `sha256:${blobHash.digest('hex')}`;
  verify('diffID', opts.expectDiffID, diffID);
  verify('blob digest', opts.expectDigest, blobDigest);
  return {
    formatVersion: SCAN_FORMAT_VERSION,
    diffID,
    blobDigest,
    compression,
    blobSize,
    tarSize,
    contentBytes,
    size: contentBytes + linkBytes,
    counts,
    inodes: inodesOf(counts),
    entries,
    hashed: !!opts.hashContent,
  };
}

function verify(what: string, expected: string | undefined, actual: string): void {
  if (!expected || !expected.startsWith('sha256:') || expected === actual) return;
  throw new LayerscopeError('digest-mismatch', `${what} mismatch: expected ${short(expected)}, content is ${short(actual)}`, {
    hint: 'the image is corrupt or was modified after it was written',
  });
}

const short = (d: string) => d.slice(0, 19);

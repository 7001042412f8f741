/**
 * Scanning a plain layer tar that lies in a local file (an OCI layout directory, an
 * uncompressed docker save). A worker thread reads the whole range and hashes it for the
 * diffID; this thread reads only what the walk needs (headers, and bodies when content is
 * hashed) and seeks over the rest, as GNU tar does when it lists a file. Both read the same
 * file: a blob that changes while it is scanned can pass the digest check with a walk of
 * other bytes, which is the price of not hashing on this thread.
 * A compressed blob is left to scanBlob (a stream must be decompressed from the start).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { sniffCompression } from '../source/decompress.js';
import { BLOB_CHUNK } from '../source/archive/archive-tree.js';
import type { BlobFile } from '../source/model.js';
import { EntryCollector, type ScanExpectations } from './tar/entry-collector.js';
import { estimateFromRanges } from './hash/gzip-estimate.js';
import type { LayerScan } from './layer-scan.js';
import { sha256OfFileOnThread } from './hash/sha256-thread.js';
import { TarWalker } from '../tar/tar-walker.js';

export interface ScanFileOptions extends ScanExpectations {
  signal?: AbortSignal;
  /** Called with the number of blob bytes read or passed over since the last call. */
  onBytes?: (n: number) => void;
}

/** Gaps shorter than this are read through: one read is cheaper than two. */
const MIN_JUMP = 64 * 1024;

/** The scan of a plain tar blob in a file, or undefined when the blob is compressed. */
export async function scanFile(file: BlobFile, opts: ScanFileOptions = {}): Promise<LayerScan | undefined> {
  const fh = await open(file.path, 'r');
  try {
    const buf = Buffer.allocUnsafe(BLOB_CHUNK);
    const head = await readAt(fh, buf, Math.min(4, file.size), file.offset);
    if (sniffCompression(buf.subarray(0, head)) !== 'none') return undefined;
    const hashing = sha256OfFileOnThread(file.path, file.offset, file.size);
    hashing.catch(() => {});
    const collector = new EntryCollector(!!opts.hashContent);
    await walkFile(fh, buf, file, new TarWalker((header) => collector.add(header)), opts);
    const gzipEstimate = await estimateFromRanges(file.size, (offset, length) =>
      readExactly(fh, file.offset + offset, length),
    );
    const diffID = `sha256:${await hashing}`;
    return collector.finish({ diffID, tarSize: file.size, gzipEstimate }, opts);
  } finally {
    await fh.close();
  }
}

async function walkFile(
  fh: FileHandle,
  buf: Buffer,
  file: BlobFile,
  walker: TarWalker,
  opts: ScanFileOptions,
): Promise<void> {
  for (let pos = 0; pos < file.size;) {
    opts.signal?.throwIfAborted();
    const jump = Math.min(walker.skippable(), file.size - pos);
    const n = jump >= MIN_JUMP ? jump : await readAt(fh, buf, Math.min(buf.length, file.size - pos), file.offset + pos);
    if (n === 0) throw new Error('Unexpected end of data');
    if (jump >= MIN_JUMP) walker.pass(n);
    else walker.write(buf.subarray(0, n));
    pos += n;
    opts.onBytes?.(n);
  }
  walker.end();
}

async function readAt(fh: FileHandle, buf: Buffer, length: number, position: number): Promise<number> {
  return (await fh.read(buf, 0, length, position)).bytesRead;
}

/** `length` bytes at `position` in a fresh buffer (the gzip estimate's samples). */
async function readExactly(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  for (let at = 0; at < length;) {
    const n = await readAt(fh, buf.subarray(at), length - at, position + at);
    if (n === 0) throw new Error('Unexpected end of data');
    at += n;
  }
  return buf;
}

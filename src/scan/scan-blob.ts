/**
 * The one pass over a layer blob read as a stream: sniff compression, hash the blob,
 * decompress, then walk and hash the tar (tar-scan.ts). Bodies are skipped in place, or
 * hashed when a comparison asks for content hashes. Memory grows with the number of
 * entries, never with bytes.
 */
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { withContext } from '../errors.js';
import { createDecoder, peek, sniffCompression } from '../source/decompress.js';
import type { ScanExpectations } from './tar/entry-collector.js';
import type { Compression } from '../source/model.js';
import type { LayerScan } from './layer-scan.js';
import { algorithmOf, createDigester, type StreamingSha256 } from './hash/sha256.js';
import { TarScan } from './tar/tar-scan.js';

export interface ScanBlobOptions extends ScanExpectations {
  /** The blob's size when known: large blobs are hashed on a worker thread. */
  sizeHint?: number;
  signal?: AbortSignal;
  /** Called with the number of blob bytes read since the last call. */
  onBytes?: (n: number) => void;
  /** Told what the blob turned out to be (its sniffed compression and size), once it is read. */
  onBlob?: (blob: { compression: Compression; size: number }) => void;
}

export async function scanBlob(blob: Readable, opts: ScanBlobOptions = {}): Promise<LayerScan> {
  const compression = sniffCompression(await peek(blob, 4));
  const tar = new TarScan(
    !!opts.hashContent,
    createDigester(opts.expectDiffID, opts.sizeHint),
    compression === 'none' ? opts.sizeHint : undefined,
  );
  // A plain tar is its own blob, unless its digest uses another algorithm than its diffID.
  const ownDigest = compression !== 'none' || algorithmOf(opts.expectDigest) !== algorithmOf(opts.expectDiffID);
  const blobHash = ownDigest ? createDigester(opts.expectDigest, opts.sizeHint) : undefined;
  let blobSize = 0;
  const countBlob = (n: number) => {
    blobSize += n;
    opts.onBytes?.(n);
  };
  try {
    const stages = blobHash
      ? [hashing(blobHash, countBlob), createDecoder(compression), scanning(tar)]
      : [scanning(tar, countBlob)];
    if (blobHash && compression === 'none') stages.splice(1, 1);
    await pipeline([blob, ...stages], { signal: opts.signal });
    const blobDigest = blobHash ? await blobHash.digest() : undefined;
    const scan = await tar.finish({ blobDigest }, opts);
    opts.onBlob?.({ compression, size: blobSize });
    return scan;
  } catch (err) {
    tar.abort();
    blobHash?.abort();
    // Corrupt compressed data names the blob (its digest is known only at the end, never reached).
    throw isDecodeError(err) && opts.expectDigest ? withContext(`blob ${opts.expectDigest.slice(0, 19)}`, err) : err;
  }
}

/** zlib's data errors (Z_DATA_ERROR, Z_BUF_ERROR) and fzstd's (ZSTD_DATA_ERROR). */
function isDecodeError(err: unknown): boolean {
  return /^(Z_|ZSTD_)/.test((err as NodeJS.ErrnoException)?.code ?? '');
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

/** The last stage: the tar scan, waiting when its hasher is busy. */
function scanning(tar: TarScan, count?: (n: number) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      count?.(chunk.length);
      let waiting: Promise<void> | undefined;
      try {
        waiting = tar.write(chunk);
      } catch (err) {
        return done(err as Error);
      }
      if (waiting) waiting.then(() => done(), done);
      else done();
    },
  });
}

/**
 * The one pass over a layer blob: sniff compression, decompress, walk the tar header by
 * header (tar-walker.ts), and hash both the blob and the tar as they stream by. Bodies are
 * skipped in place, or hashed when a comparison asks for content hashes. Memory grows with
 * the number of entries, never with bytes.
 */
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDecoder, peek, sniffCompression } from '../source/decompress.js';
import { EntryCollector, type ScanExpectations } from './entry-collector.js';
import type { LayerScan } from './layer-scan.js';
import { createSha256, type StreamingSha256 } from './sha256.js';
import { TarWalker } from '../tar/tar-walker.js';

export interface ScanBlobOptions extends ScanExpectations {
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
  return collector.finish({ diffID, blobDigest, compression, blobSize, tarSize }, opts);
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

/**
 * Compression is detected from the first bytes of a blob, never from its media type.
 * gzip uses node:zlib; zstd uses fzstd (a pure-JS streaming decoder by the author of
 * fflate): Node 20's zlib has no zstd, and native bindings would need a compiler or a
 * prebuilt download on the user's machine.
 */
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import type { Compression } from './model.js';
import { ZstdWindowGuard } from './zstd-window.js';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

export function sniffCompression(head: Uint8Array): Compression {
  const starts = (magic: number[]) => magic.every((b, i) => head[i] === b);
  if (starts(GZIP_MAGIC)) return 'gzip';
  if (starts(ZSTD_MAGIC)) return 'zstd';
  return 'none';
}

/** Reads at least `n` bytes from the front of a stream without consuming them. */
export async function peek(stream: Readable, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    chunks.push(buf);
    total += buf.length;
    if (total >= n) break;
  }
  const head = Buffer.concat(chunks, total);
  if (head.length > 0) stream.unshift(head);
  return head;
}

export function createZstdDecoder(): Transform {
  let decoder: Decompress;
  const windows = new ZstdWindowGuard();
  const transform = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        windows.check(chunk);
        decoder.push(chunk);
        done();
      } catch (err) {
        done(zstdError(err));
      }
    },
    flush(done: TransformCallback) {
      try {
        decoder.push(new Uint8Array(0), true);
        done();
      } catch (err) {
        done(zstdError(err));
      }
    },
  });
  decoder = new Decompress((data) => {
    transform.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
  return transform;
}

function zstdError(err: unknown): Error {
  if ((err as NodeJS.ErrnoException).code === 'ZSTD_WINDOW_LIMIT') return err as Error;
  const e = new Error(`corrupt zstd data (${err instanceof Error ? err.message : String(err)})`);
  (e as NodeJS.ErrnoException).code = 'ZSTD_DATA_ERROR';
  return e;
}

/** A decoder for the given compression (a pass-through for plain data). */
export function createDecoder(compression: Compression): Transform {
  switch (compression) {
    case 'gzip':
      return createGunzip({ chunkSize: 256 * 1024 });
    case 'zstd':
      return createZstdDecoder();
    case 'none':
      return new PassThrough();
  }
}

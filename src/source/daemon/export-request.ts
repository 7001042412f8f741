/**
 * The export request (GET /images/{id}/get) over a plain socket read 1 MiB at a time.
 * Node's http client reads a socket 64 KiB per call; on a 1.1 GB export that alone took
 * 3.4 s against 1.6 s with 1 MiB reads (bench/daemon-vs-save.sh, same engine, same run),
 * which decides whether layerscope keeps pace with `docker save`. Unix and plain TCP
 * engines take this path; TLS and ssh go through dockerode's stream (see daemon-image.ts).
 * Everything else talks to the engine through dockerode.
 */
import net from 'node:net';
import { Readable } from 'node:stream';
import type { EngineConnection } from './connection.js';
import { HttpResponseParser } from './http-body.js';

const READ_SIZE = 1024 * 1024;
const SLAB = 4 * READ_SIZE;
/** Bytes the body may hold before reading pauses: a few reads, so the socket rarely stops. */
const BODY_BUFFER = 4 * READ_SIZE;

/**
 * Memory for the socket's reads, cut from 4 MiB slabs: each read lands in fresh bytes that
 * are handed on as they are — no copy per read, one allocation per slab.
 */
class ReadArena {
  private slab = Buffer.allocUnsafeSlow(SLAB);
  private offset = 0;

  next(): Buffer {
    if (SLAB - this.offset < READ_SIZE) {
      this.slab = Buffer.allocUnsafeSlow(SLAB);
      this.offset = 0;
    }
    return this.slab.subarray(this.offset, this.offset + READ_SIZE);
  }

  take(n: number): Buffer {
    const bytes = this.slab.subarray(this.offset, this.offset + n);
    this.offset += n;
    return bytes;
  }
}

/** Whether the export can use the direct reader for this connection. */
export function directExport(conn: EngineConnection): boolean {
  const o = conn.options;
  return !!o.socketPath || (o.protocol === 'http' && !!o.host);
}

/** Resolves with the response body once a 200 arrives; rejects like dockerode on an error status. */
export function requestExport(conn: EngineConnection, path: string, signal?: AbortSignal): Promise<Readable> {
  if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  return new Promise((resolve, reject) => {
    let body: Readable | undefined;
    const errorBody: Buffer[] = [];
    const arena = new ReadArena();
    const parser = new HttpResponseParser(
      (bytes) => {
        if (!body) return void errorBody.push(bytes);
        if (!body.push(bytes)) socket.pause();
      },
      (head) => {
        if (head.statusCode !== 200) return;
        body = new Readable({ highWaterMark: BODY_BUFFER, read: () => void socket.resume(), destroy: (err, done) => (socket.destroy(), done(err)) });
        resolve(body);
      },
      { copy: false },
    );
    const socket = net.connect({
      ...(conn.options.socketPath ? { path: conn.options.socketPath } : { host: conn.options.host, port: Number(conn.options.port) }),
      onread: { buffer: () => arena.next(), callback: (n) => onBytes(arena.take(n)) },
    });
    const fail = (err: unknown) => (body ? body.destroy(err as Error) : reject(err));
    const onAbort = () => socket.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    function onBytes(bytes: Buffer): boolean {
      try {
        parser.push(bytes);
      } catch (err) {
        socket.destroy();
        fail(err);
        return false;
      }
      if (parser.done) finish();
      return !socket.destroyed && !socket.isPaused();
    }
    function finish() {
      signal?.removeEventListener('abort', onAbort);
      if (body) {
        body.push(null);
        socket.end();
      } else reject(statusError(parser.head?.statusCode ?? 0, Buffer.concat(errorBody)));
    }
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: docker\r\nUser-Agent: layerscope\r\nConnection: close\r\n\r\n`));
    socket.on('end', () => {
      if (parser.done) return;
      if (parser.endsAtClose && parser.head) return finish();
      fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    });
    socket.on('error', (err) => fail(err));
    socket.on('close', () => signal?.removeEventListener('abort', onAbort));
  });
}

/** An error shaped like dockerode's, so the same mapping applies (404 → image not found). */
function statusError(statusCode: number, bytes: Buffer): Error {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = undefined;
  }
  const message = (json as { message?: string })?.message ?? bytes.toString('utf8').trim();
  return Object.assign(new Error(`(HTTP code ${statusCode}) - ${message}`), { statusCode, json });
}

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
import { HttpResponseParser, type ResponseHead } from './http-body.js';

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
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => new ExportExchange(conn, path, signal, resolve, reject));
}

/** One GET on its own connection (Connection: close), read through the arena. */
class ExportExchange {
  private body?: Readable;
  private readonly errorBody: Buffer[] = [];
  private readonly arena = new ReadArena();
  private readonly parser = new HttpResponseParser((b) => this.onBody(b), (h) => this.onHead(h), { copy: false });
  private readonly socket: net.Socket;
  private readonly onAbort = () => this.socket.destroy(abortReason(this.signal!));

  constructor(
    conn: EngineConnection,
    path: string,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (body: Readable) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    const o = conn.options;
    this.socket = net.connect({
      ...(o.socketPath ? { path: o.socketPath } : { host: o.host, port: Number(o.port) }),
      onread: { buffer: () => this.arena.next(), callback: (n) => this.onBytes(this.arena.take(n)) },
    });
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.socket.on('connect', () => this.socket.write(`GET ${path} HTTP/1.1\r\nHost: docker\r\nUser-Agent: layerscope\r\nConnection: close\r\n\r\n`));
    this.socket.on('end', () => this.onEnd());
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => signal?.removeEventListener('abort', this.onAbort));
  }

  private onHead(head: ResponseHead): void {
    if (head.statusCode !== 200) return;
    const socket = this.socket;
    this.body = new Readable({ highWaterMark: BODY_BUFFER, read: () => void socket.resume(), destroy: (err, done) => (socket.destroy(), done(err)) });
    this.resolve(this.body);
  }

  private onBody(bytes: Buffer): void {
    if (!this.body) this.errorBody.push(bytes);
    else if (!this.body.push(bytes)) this.socket.pause();
  }

  /** Returns false to stop reading (backpressure, or the exchange is over). */
  private onBytes(bytes: Buffer): boolean {
    try {
      this.parser.push(bytes);
    } catch (err) {
      this.socket.destroy();
      this.fail(err);
      return false;
    }
    if (this.parser.done) this.finish();
    return !this.socket.destroyed && !this.socket.isPaused();
  }

  private onEnd(): void {
    if (this.parser.done) return;
    if (this.parser.endsAtClose && this.parser.head) return this.finish();
    this.fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
  }

  private finish(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    if (!this.body) return this.reject(statusError(this.parser.head?.statusCode ?? 0, Buffer.concat(this.errorBody)));
    this.body.push(null);
    this.socket.end();
  }

  private fail(err: unknown): void {
    if (this.body) this.body.destroy(err as Error);
    else this.reject(err);
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
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

/**
 * The export request (GET /images/{id}/get) over a plain socket read 1 MiB at a time.
 * Node's http client reads a socket 64 KiB per call; on a 1.1 GB export that alone took
 * 3.4 s against 1.6 s with 1 MiB reads (bench/daemon-vs-save.sh, same engine, same run),
 * which decides whether layerscope keeps pace with `docker save`. Unix and plain TCP
 * engines take this path; TLS and ssh go through dockerode's stream (see daemon-image.ts).
 * Everything else talks to the engine through dockerode.
 *
 * The engine sends the body in HTTP chunks of about 32 KiB, and a socket read returns what
 * has arrived (35–70 KiB). Every chunk handed on costs the scan a trip through several
 * streams: replaying the same 1.1 GB export from a file took 2.5 s in 64 KiB chunks and
 * 1.3 s in 1 MiB ones. So reads land in one reused buffer and the body is copied into
 * 1 MiB chunks before it is handed on.
 */
import net from 'node:net';
import { Readable } from 'node:stream';
import type { EngineConnection } from './connection.js';
import { HttpResponseParser, type ResponseHead } from './http-body.js';

const READ_SIZE = 1024 * 1024;
const BODY_CHUNK = 1024 * 1024;
/** Bytes the body may hold before reading pauses: a few chunks, so the socket rarely stops. */
const BODY_BUFFER = 4 * BODY_CHUNK;

/** Gathers body bytes into chunks of BODY_CHUNK (the input is copied: its buffer is reused). */
class BodyChunks {
  private chunk = Buffer.allocUnsafeSlow(BODY_CHUNK);
  private filled = 0;

  constructor(private readonly emit: (chunk: Buffer) => void) {}

  add(bytes: Buffer): void {
    for (let off = 0; off < bytes.length; ) {
      const n = bytes.copy(this.chunk, this.filled, off);
      this.filled += n;
      off += n;
      if (this.filled === BODY_CHUNK) {
        this.emit(this.chunk);
        this.chunk = Buffer.allocUnsafeSlow(BODY_CHUNK);
        this.filled = 0;
      }
    }
  }

  flush(): void {
    if (this.filled > 0) this.emit(this.chunk.subarray(0, this.filled));
    this.filled = 0;
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

/** One GET on its own connection (Connection: close), read into one reused buffer. */
class ExportExchange {
  private body?: Readable;
  private readonly errorBody: Buffer[] = [];
  private readonly readBuffer = Buffer.allocUnsafeSlow(READ_SIZE);
  private readonly chunks = new BodyChunks((chunk) => {
    if (!this.body!.push(chunk)) this.socket.pause();
  });
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
      onread: { buffer: this.readBuffer, callback: (n) => this.onBytes(this.readBuffer.subarray(0, n)) },
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
    if (!this.body) this.errorBody.push(Buffer.from(bytes));
    else this.chunks.add(bytes);
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
    this.chunks.flush();
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

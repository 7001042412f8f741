/**
 * A GET request to the engine over a plain socket (unix, or TCP without TLS), its body handed
 * to a consumer chunk by chunk as it arrives. Both what layerscope asks the engine (inspect,
 * history: engine-client.ts) and the export (GET /images/{id}/get) go through here.
 *
 * The socket is read 1 MiB at a time into one buffer that every read reuses: Node's http
 * client reads 64 KiB per call and allocates each time, and on a 1.1 GB export that alone
 * took 3.4 s against 1.6 s with 1 MiB reads (bench/daemon-vs-save.sh). The body bytes
 * handed on are views of that buffer: the consumer walks them in place, and answers with a
 * promise while it still needs them, which pauses the socket until it settles.
 */
import net from 'node:net';
import { DEFAULT_DEADLINES, Watchdog, type DeadlinePhase, type Deadlines } from '../deadlines.js';
import { LayerscopeError } from '../../errors.js';
import type { EngineConnection } from './connection.js';
import { engineDeadlineError } from './errors.js';
import { HttpResponseParser, type ResponseHead } from './http-body.js';

const READ_SIZE = 1024 * 1024;

export interface BodyConsumer {
  /** The engine answered 200: body bytes follow. */
  onResponse?: () => void;
  /** Body bytes, valid until the next read; a promise holds reading until it settles. */
  write(chunk: Buffer): Promise<void> | undefined;
}

/** Whether layerscope talks to this engine over a plain socket itself (TLS and ssh go through dockerode). */
export function plainSocket(conn: EngineConnection): boolean {
  const o = conn.options;
  return !!o.socketPath || (o.protocol === 'http' && !!o.host);
}

/**
 * GET `path` and hand the body to `consumer`; resolves once the body has ended and the
 * consumer let go of it. Rejects like dockerode on an error status (statusCode, json),
 * with the connection's error when it breaks, or with what the consumer threw.
 */
export function plainGet(
  conn: EngineConnection,
  path: string,
  consumer: BodyConsumer,
  signal?: AbortSignal,
  deadlines: Deadlines = DEFAULT_DEADLINES,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => new Exchange(conn, path, consumer, signal, deadlines, resolve, reject));
}

/**
 * One GET on its own connection (Connection: close), read into one reused buffer, under the
 * connect, answer and idle deadlines (the idle clock stops while the consumer holds bytes).
 */
class Exchange {
  private answered = false;
  private readonly errorBody: Buffer[] = [];
  private readonly readBuffer = Buffer.allocUnsafeSlow(READ_SIZE);
  /** Promises of the consumer for the bytes of the current read. */
  private holding: Promise<void>[] = [];
  private readonly parser = new HttpResponseParser(
    (b) => this.onBody(b),
    (h) => this.onHead(h),
    { copy: false },
  );
  private readonly socket: net.Socket;
  private settled = false;
  private readonly onAbort = () => this.socket.destroy(abortReason(this.signal!));
  private readonly watch = new Watchdog((phase, ms) => this.fail(this.expired(phase, ms)));

  constructor(
    private readonly conn: EngineConnection,
    private readonly path: string,
    private readonly consumer: BodyConsumer,
    private readonly signal: AbortSignal | undefined,
    private readonly deadlines: Deadlines,
    private readonly resolve: () => void,
    private readonly reject: (err: unknown) => void,
  ) {
    const o = conn.options;
    this.socket = net.connect({
      ...(o.socketPath ? { path: o.socketPath } : { host: o.host, port: Number(o.port) }),
      onread: { buffer: this.readBuffer, callback: (n) => this.onBytes(this.readBuffer.subarray(0, n)) },
    });
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.watch.arm('connect', deadlines.connectMs);
    this.socket.on('connect', () => {
      this.watch.arm('answer', deadlines.answerMs);
      this.socket.write(`GET ${path} HTTP/1.1\r\nHost: docker\r\nUser-Agent: layerscope\r\nConnection: close\r\n\r\n`);
    });
    this.socket.on('end', () => this.onEnd());
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => signal?.removeEventListener('abort', this.onAbort));
  }

  private onHead(head: ResponseHead): void {
    if (head.statusCode !== 200) return;
    this.answered = true;
    this.consumer.onResponse?.();
  }

  private onBody(bytes: Buffer): void {
    if (!this.answered) return void this.errorBody.push(Buffer.from(bytes));
    const waiting = this.consumer.write(bytes);
    if (waiting) this.holding.push(waiting);
  }

  /** Returns false to stop reading (the consumer holds the buffer, or the exchange is over). */
  private onBytes(bytes: Buffer): boolean {
    this.watch.arm('idle', this.deadlines.idleMs);
    try {
      this.parser.push(bytes);
    } catch (err) {
      this.fail(err);
      return false;
    }
    if (this.parser.done) {
      this.watch.stop();
      this.release().then(
        () => this.finish(),
        (err) => this.fail(err),
      );
      return false;
    }
    if (this.holding.length === 0) return !this.settled;
    this.socket.pause();
    this.watch.stop(); // the consumer holds the bytes: not the engine's silence
    this.release().then(
      () => {
        if (this.settled) return;
        this.watch.arm('idle', this.deadlines.idleMs);
        this.socket.resume();
      },
      (err) => this.fail(err),
    );
    return false;
  }

  /** Settles once the consumer let go of every byte read so far. */
  private release(): Promise<void> {
    const holding = this.holding;
    this.holding = [];
    return holding.length === 0 ? Promise.resolve() : Promise.all(holding).then(() => undefined);
  }

  private onEnd(): void {
    if (this.parser.done || this.settled) return;
    this.watch.stop();
    if (this.parser.endsAtClose && this.parser.head)
      return void this.release().then(
        () => this.finish(),
        (err) => this.fail(err),
      );
    this.fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
  }

  private expired(phase: DeadlinePhase, ms: number): LayerscopeError {
    return engineDeadlineError(this.conn, phase, ms, `GET ${this.path}`);
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.watch.stop();
    this.signal?.removeEventListener('abort', this.onAbort);
    this.socket.end();
    if (!this.answered) this.reject(statusError(this.parser.head?.statusCode ?? 0, Buffer.concat(this.errorBody)));
    else this.resolve();
  }

  private fail(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.watch.stop();
    this.socket.destroy();
    this.reject(err);
  }
}

export function abortReason(signal: AbortSignal): Error {
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

/**
 * One HTTP exchange with node:http / node:https: headers in, status and a streaming body out.
 * No retries, redirects or auth here (see client.ts). The body is an IncomingMessage, so a
 * blob streams straight into the scan; whoever gets a response consumes or destroys it.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { LayerscopeError } from '../../errors.js';
import { DEFAULT_DEADLINES, deadlineError, Watchdog, type Deadlines } from '../deadlines.js';

export interface HttpRequest {
  url: URL;
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** false: accept any TLS certificate (--insecure). */
  verifyTls: boolean;
  signal?: AbortSignal;
  /** Connect, answer and idle deadlines (deadlines.ts); a deadline that fires fails with ETIMEDOUT. */
  deadlines?: Deadlines;
}

export interface HttpResponse {
  url: URL;
  status: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 8 }),
  verified: new https.Agent({ keepAlive: true, maxSockets: 8 }),
  unverified: new https.Agent({ keepAlive: true, maxSockets: 8, rejectUnauthorized: false }),
};

export function send(req: HttpRequest): Promise<HttpResponse> {
  const secure = req.url.protocol === 'https:';
  const agent = secure ? (req.verifyTls ? agents.verified : agents.unverified) : agents.http;
  const request = secure ? https.request : http.request;
  const method = req.method ?? 'GET';
  const deadlines = req.deadlines ?? DEFAULT_DEADLINES;
  const expired = (phase: Parameters<typeof deadlineError>[0], ms: number) =>
    deadlineError(phase, ms, `registry ${req.url.host}`, `${method} ${req.url.pathname}`);
  return new Promise((resolve, reject) => {
    const watch = new Watchdog((phase, ms) => outgoing.destroy(expired(phase, ms)));
    const outgoing = request(req.url, { method, headers: req.headers, agent, signal: req.signal }, (res) => {
      watch.stop();
      watchIdle(res, deadlines.idleMs, (ms) => res.destroy(expired('idle', ms)));
      resolve({ url: req.url, status: res.statusCode ?? 0, headers: res.headers, body: res });
    });
    outgoing.on('socket', (socket) => {
      if (!socket.connecting) return watch.arm('answer', deadlines.answerMs);
      watch.arm('connect', deadlines.connectMs);
      socket.once('connect', () => watch.arm('answer', deadlines.answerMs));
    });
    outgoing.on('error', (err) => {
      watch.stop();
      reject(err);
    });
    outgoing.end();
  });
}

/**
 * Fails a body that sends nothing for `ms` while its reader wants bytes. The clock runs on
 * the socket: Node pauses it when the body's buffer is full (the reader is busy), which
 * stops the clock until the reader asks again.
 */
function watchIdle(res: IncomingMessage, ms: number, fire: (ms: number) => void): void {
  const socket: Socket | null = res.socket;
  if (!socket) return;
  const watch = new Watchdog(() => fire(ms));
  const arm = () => watch.arm('idle', ms);
  const stop = () => watch.stop();
  const refresh = () => watch.refresh();
  socket.on('data', refresh).on('pause', stop).on('resume', arm);
  const done = () => {
    watch.stop();
    socket.off('data', refresh).off('pause', stop).off('resume', arm);
  };
  res.once('end', done).once('close', done);
  if (!socket.isPaused()) arm();
}

/** Reads a whole (small) body, refusing more than `limit` bytes. */
export async function readBody(res: HttpResponse, limit: number, label: string): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (declared > limit) {
    res.body.destroy();
    throw new LayerscopeError('registry', `${label}: ${declared} bytes is more than the ${limit} allowed`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      res.body.destroy();
      throw new LayerscopeError('registry', `${label}: more than the ${limit} bytes allowed`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

/** Drains and discards a body so its connection can be reused. */
export function discard(res: HttpResponse): void {
  res.body.resume();
}

export function header(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** TLS failures that mean "this port does not speak TLS" (an HTTP server answered a handshake). */
export function isTlsProtocolError(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException;
  return (
    e?.code === 'EPROTO' ||
    e?.code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    /wrong version number|packet length too long/i.test(e?.message ?? '')
  );
}

/** TLS failures of certificate verification. */
export function isCertificateError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code ?? '';
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT/.test(code);
}

/**
 * One HTTP exchange with node:http / node:https: headers in, status and a streaming body out.
 * No retries, redirects or auth here (see client.ts). The body is an IncomingMessage, so a
 * blob streams straight into the scan; whoever gets a response consumes or destroys it.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { LayerscopeError } from '../../errors.js';

export interface HttpRequest {
  url: URL;
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** false: accept any TLS certificate (--insecure). */
  verifyTls: boolean;
  signal?: AbortSignal;
  /** No bytes for this long fails the exchange with ETIMEDOUT. */
  idleTimeoutMs?: number;
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
  return new Promise((resolve, reject) => {
    const outgoing = request(req.url, { method: req.method ?? 'GET', headers: req.headers, agent, signal: req.signal }, (res) => {
      resolve({ url: req.url, status: res.statusCode ?? 0, headers: res.headers, body: res });
    });
    outgoing.setTimeout(req.idleTimeoutMs ?? 60_000, () => {
      outgoing.destroy(Object.assign(new Error(`no answer from ${req.url.host} for ${Math.round((req.idleTimeoutMs ?? 60_000) / 1000)}s`), { code: 'ETIMEDOUT' }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
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
  return e?.code === 'EPROTO' || e?.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long/i.test(e?.message ?? '');
}

/** TLS failures of certificate verification. */
export function isCertificateError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code ?? '';
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT/.test(code);
}

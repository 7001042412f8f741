/**
 * A fault-injecting HTTP(S) proxy in front of a real registry: it forwards every request
 * unchanged except those a rule picks, which get a status of our choosing, a dropped
 * connection, a body cut off after N bytes, a different body, or a tag list cut into pages;
 * no answer at all, an answer that stalls after N bytes, a chunked body that ends without its
 * last chunk (cut short, or after every byte), or a Content-Length that lies. It records what
 * it saw (no header values), so tests can count blob downloads and Range requests.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'reset' }
  | { kind: 'cut'; afterBytes: number }
  | { kind: 'replace'; body: Buffer; headers?: Record<string, string> }
  /** Serves a tag list in pages of `size` with Link headers, as distribution 3 and the big registries do (2.8 does not page tags). */
  | { kind: 'paginate'; size: number }
  /** Accepts the request and never answers. */
  | { kind: 'silent' }
  /** Sends the head and `afterBytes` of the body, then nothing (the connection stays open). */
  | { kind: 'stall'; afterBytes: number }
  /**
   * The body (with `append` after it) chunked, then the connection dropped before the last
   * (zero-length) chunk: after `cutAfter` bytes, or after every byte when it is not given.
   */
  | { kind: 'chunked'; cutAfter?: number; append?: Buffer }
  /** The real body under a Content-Length off by `delta`: longer, the connection drops short of it; shorter, the body is cut there. */
  | { kind: 'length'; delta: number };

export interface SeenRequest {
  method: string;
  path: string;
  range?: string;
  authorized: boolean;
  fault?: Fault['kind'];
}

interface Rule {
  match: (r: IncomingMessage) => boolean;
  fault: Fault;
  times: number;
}

export class FaultProxy {
  readonly requests: SeenRequest[] = [];
  private rules: Rule[] = [];
  private readonly held = new Set<import('node:net').Socket>();

  private constructor(
    private readonly server: http.Server,
    private readonly target: string,
    readonly host: string,
  ) {}

  /** Listens on `bindHost` (default 127.0.0.1), plain HTTP or TLS with `tls`. */
  static async start(
    target: string,
    opts: { bindHost?: string; tls?: { key: string; cert: string } } = {},
  ): Promise<FaultProxy> {
    let proxy!: FaultProxy;
    const handler = (req: IncomingMessage, res: ServerResponse) => proxy.handle(req, res);
    const server = opts.tls ? https.createServer(opts.tls, handler) : http.createServer(handler);
    const bindHost = opts.bindHost ?? '127.0.0.1';
    await new Promise<void>((resolve) => server.listen(0, bindHost, resolve));
    proxy = new FaultProxy(server, target, `${bindHost}:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  /** The next `times` requests matching `match` (a regexp on the path) get `fault`. */
  add(match: RegExp | ((r: IncomingMessage) => boolean), fault: Fault, times = 1): this {
    const test = match instanceof RegExp ? (r: IncomingMessage) => match.test(r.url ?? '') : match;
    this.rules.push({ match: test, fault, times });
    return this;
  }

  clear(): void {
    this.rules = [];
    this.requests.length = 0;
  }

  /** Requests seen whose path matches. */
  seen(match: RegExp): SeenRequest[] {
    return this.requests.filter((r) => match.test(r.path));
  }

  close(): Promise<void> {
    for (const socket of this.held) socket.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const rule = this.rules.find((r) => r.times > 0 && r.match(req));
    if (rule) rule.times--;
    const fault = rule?.fault;
    this.requests.push({
      method: req.method ?? 'GET',
      path: req.url ?? '',
      range: req.headers.range,
      authorized: !!req.headers.authorization,
      fault: fault?.kind,
    });
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'silent') {
      this.hold(req.socket);
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, fault.headers);
      res.end(fault.body ?? '');
      return;
    }
    this.forward(req, res, fault);
  }

  private forward(req: IncomingMessage, res: ServerResponse, fault: Fault | undefined): void {
    const upstream = http.request(
      `http://${this.target}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: this.target } },
      (up) => {
        if (fault?.kind === 'paginate') {
          paginate(req, up, res, fault.size);
          return;
        }
        if (fault?.kind === 'stall' || fault?.kind === 'chunked' || fault?.kind === 'length') {
          collect(up).then((body) => this.raw(req.socket, up, body, fault));
          return;
        }
        if (fault?.kind === 'replace') {
          up.resume();
          res.writeHead(up.statusCode ?? 502, {
            ...up.headers,
            ...fault.headers,
            'content-length': String(fault.body.length),
          });
          res.end(fault.body);
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (fault?.kind !== 'cut') {
          up.pipe(res);
          return;
        }
        let sent = 0;
        up.on('data', (chunk: Buffer) => {
          if (sent >= fault.afterBytes) return;
          const room = fault.afterBytes - sent;
          sent += chunk.length;
          if (chunk.length < room) {
            res.write(chunk);
            return;
          }
          up.destroy();
          // Flush what fits, then drop the connection mid-body.
          res.write(chunk.subarray(0, room), () => res.socket?.destroy());
        });
        up.on('end', () => sent < fault.afterBytes && res.end());
      },
    );
    upstream.on('error', () => res.socket?.destroy());
    req.pipe(upstream);
  }

  /** Keeps a socket open, unanswered, until the proxy closes. */
  private hold(socket: import('node:net').Socket): void {
    this.held.add(socket);
    socket.on('close', () => this.held.delete(socket));
  }

  /** Stall, chunked and lying Content-Length answers, written straight to the socket. */
  private raw(
    socket: import('node:net').Socket,
    up: IncomingMessage,
    body: Buffer,
    fault: Extract<Fault, { kind: 'stall' | 'chunked' | 'length' }>,
  ): void {
    if (fault.kind === 'stall') {
      socket.write(
        rawHead(up, { 'content-length': String(body.length) }) + body.subarray(0, fault.afterBytes).toString('latin1'),
        'latin1',
      );
      this.hold(socket);
      return;
    }
    if (fault.kind === 'length') {
      const declared = body.length + fault.delta;
      socket.write(rawHead(up, { 'content-length': String(declared) }), 'latin1');
      socket.end(body.subarray(0, Math.min(body.length, declared)));
      return;
    }
    const all = fault.append ? Buffer.concat([body, fault.append]) : body;
    const sent = all.subarray(0, fault.cutAfter ?? all.length);
    socket.write(rawHead(up, { 'transfer-encoding': 'chunked' }), 'latin1');
    // Chunks of at most 64 KiB, then the connection drops where the zero-length chunk belongs.
    for (let i = 0; i < sent.length; i += 65536) {
      const part = sent.subarray(i, i + 65536);
      socket.write(`${part.length.toString(16)}\r\n`, 'latin1');
      socket.write(part);
      socket.write('\r\n', 'latin1');
    }
    socket.end();
  }
}

/** The whole body of an upstream answer (small: manifests, configs, test blobs). */
function collect(up: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    up.on('data', (c: Buffer) => chunks.push(c));
    up.on('end', () => resolve(Buffer.concat(chunks)));
    up.on('error', reject);
  });
}

/** The response head, written by hand so its framing can lie; `framing` replaces the upstream's. */
function rawHead(up: IncomingMessage, framing: Record<string, string>): string {
  const headers: Record<string, string | string[] | undefined> = { ...up.headers, ...framing };
  delete headers['keep-alive'];
  delete headers.connection;
  if (!('content-length' in framing)) delete headers['content-length'];
  if (!('transfer-encoding' in framing)) delete headers['transfer-encoding'];
  const lines = Object.entries(headers).flatMap(([k, v]) =>
    v === undefined ? [] : [v].flat().map((x) => `${k}: ${x}`),
  );
  return `HTTP/1.1 ${up.statusCode} ${up.statusMessage}\r\n${lines.join('\r\n')}\r\nconnection: close\r\n\r\n`;
}

/** Answers GET …/tags/list?last=X with the `size` tags after X, and a Link to the next page. */
function paginate(req: IncomingMessage, up: IncomingMessage, res: ServerResponse, size: number): void {
  let body = '';
  up.on('data', (c) => (body += c));
  up.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const all: string[] = JSON.parse(body).tags ?? [];
    const last = url.searchParams.get('last');
    const start = last === null ? 0 : all.indexOf(last) + 1;
    const page = all.slice(start, start + size);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (start + size < all.length) {
      headers.link = `<${url.pathname}?last=${encodeURIComponent(page[page.length - 1])}&n=${size}>; rel="next"`;
    }
    res.writeHead(200, headers);
    res.end(JSON.stringify({ name: JSON.parse(body).name, tags: page }));
  });
}

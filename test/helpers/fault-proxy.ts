/**
 * A fault-injecting HTTP(S) proxy in front of a real registry: it forwards every request
 * unchanged except those a rule picks, which get a status of our choosing, a dropped
 * connection, a body cut off after N bytes, a different body, or a tag list cut into pages. It records what it saw
 * (no header values), so tests can count blob downloads and Range requests.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'reset' }
  | { kind: 'cut'; afterBytes: number }
  | { kind: 'replace'; body: Buffer }
  /** Serves a tag list in pages of `size` with Link headers, as distribution 3 and the big registries do (2.8 does not page tags). */
  | { kind: 'paginate'; size: number };

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

  private constructor(private readonly server: http.Server, private readonly target: string, readonly host: string) {}

  /** Listens on `bindHost` (default 127.0.0.1), plain HTTP or TLS with `tls`. */
  static async start(target: string, opts: { bindHost?: string; tls?: { key: string; cert: string } } = {}): Promise<FaultProxy> {
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
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const rule = this.rules.find((r) => r.times > 0 && r.match(req));
    if (rule) rule.times--;
    const fault = rule?.fault;
    this.requests.push({ method: req.method ?? 'GET', path: req.url ?? '', range: req.headers.range, authorized: !!req.headers.authorization, fault: fault?.kind });
    if (fault?.kind === 'reset') {
      req.socket.destroy();
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
    const upstream = http.request(`http://${this.target}${req.url}`, { method: req.method, headers: { ...req.headers, host: this.target } }, (up) => {
      if (fault?.kind === 'paginate') {
        paginate(req, up, res, fault.size);
        return;
      }
      if (fault?.kind === 'replace') {
        up.resume();
        res.writeHead(up.statusCode ?? 502, { ...up.headers, 'content-length': String(fault.body.length) });
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
    });
    upstream.on('error', () => res.socket?.destroy());
    req.pipe(upstream);
  }
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

/**
 * A client for one repository on one registry (OCI distribution spec): manifests, blobs and
 * tag lists, with authentication, bounded retries, redirects and the scheme choice
 * (HTTPS verified; HTTPS unverified then HTTP for --insecure and loopback hosts).
 */
import type { Readable } from 'node:stream';
import { LayerscopeError } from '../../errors.js';
import { Authenticator } from './auth.js';
import { resumableBlob } from './blob-stream.js';
import { findCredential } from './credentials.js';
import { discard, header, isTlsProtocolError, readBody, send, type HttpResponse } from './http.js';
import { formatRegistryName, isLoopback, type RegistryName } from './naming.js';
import { connectionError, statusError, type ErrorContext } from './registry-errors.js';
import { DEFAULT_RETRY, isRetryableError, isRetryableStatus, retryDelay, sleep, type RetryPolicy } from './retry.js';

export interface RegistryOptions {
  creds?: { username: string; password: string };
  /** false for --insecure / --tls-verify=false: unverified TLS, or plain HTTP. */
  tlsVerify?: boolean;
  /** For credentials: LAYERSCOPE_REGISTRY_*, DOCKER_CONFIG, HOME, PATH (helpers). */
  env?: NodeJS.ProcessEnv;
  retry?: Partial<RetryPolicy>;
}

export interface RequestOptions {
  what: string;
  accept?: string;
  signal?: AbortSignal;
  /** Range start for resuming a blob. */
  from?: number;
  reference?: string;
  /** Send no registry Authorization (token realm requests carry their own). */
  authorization?: string | null;
}

const ERROR_BODY_LIMIT = 64 * 1024;
/** Hosts found to answer plain HTTP, so later clients skip the TLS attempt. */
const plainHttpHosts = new Set<string>();

export class RegistryClient {
  readonly auth: Authenticator;
  readonly retry: RetryPolicy;
  private readonly verifyTls: boolean;
  private readonly tryPlain: boolean;

  constructor(readonly name: RegistryName, opts: RegistryOptions = {}) {
    const env = opts.env ?? process.env;
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.tryPlain = opts.tlsVerify === false || isLoopback(name.apiHost);
    this.verifyTls = !this.tryPlain;
    this.auth = new Authenticator(name.repository, () => findCredential(name.host, { creds: opts.creds, env }), (realm, cred) =>
      this.fetchToken(realm, cred),
    );
  }

  /** host/repository, as messages name it. */
  get label(): string {
    return formatRegistryName(this.name, { withReference: false });
  }

  url(path: string): URL {
    const scheme = plainHttpHosts.has(this.name.apiHost) ? 'http' : 'https';
    return new URL(`${scheme}://${this.name.apiHost}/v2/${this.name.repository}/${path}`);
  }

  async readBlob(digest: string, limit: number, signal?: AbortSignal): Promise<Buffer> {
    const what = `${this.label} blob ${digest.slice(0, 19)}`;
    const res = await this.request(this.url(`blobs/${digest}`), { what, signal });
    return readBody(res, limit, what);
  }

  /**
   * Streams a blob; a connection dropped mid-way is resumed with a Range request. Resolves at
   * once: a failed request is the stream's error.
   */
  async openBlob(digest: string, size: number | undefined, signal?: AbortSignal): Promise<Readable> {
    const what = `${this.label} blob ${digest.slice(0, 19)}`;
    const url = this.url(`blobs/${digest}`);
    return resumableBlob({ what, size, retry: this.retry, signal, open: (from) => this.request(url, { what, signal, from }) });
  }

  /** One request, retried, authenticated and redirected as needed; resolves with a 2xx response. */
  async request(url: URL, opts: RequestOptions): Promise<HttpResponse> {
    let tries = 0;
    let redirects = 0;
    let authTries = 0;
    for (;;) {
      tries++;
      let res: HttpResponse;
      try {
        res = await send({ url, headers: this.headers(url, opts), verifyTls: this.verifyTls, signal: opts.signal });
      } catch (err) {
        if (opts.signal?.aborted) throw new LayerscopeError('aborted', 'interrupted');
        if (this.canFallBack(url, err)) {
          plainHttpHosts.add(url.host);
          url = withProtocol(url, 'http:');
          tries--;
          continue;
        }
        if (isRetryableError(err) && tries < this.retry.attempts) {
          await sleep(retryDelay(tries, undefined, this.retry), opts.signal);
          continue;
        }
        throw connectionError(err, this.context(opts, tries));
      }
      if (res.status >= 300 && res.status < 400 && res.headers.location) {
        discard(res);
        if (++redirects > 10) throw new LayerscopeError('registry', `${opts.what}: too many redirects`);
        url = new URL(res.headers.location, url);
        tries--;
        continue;
      }
      if (res.status === 401 && opts.authorization === undefined && authTries++ < 1) {
        discard(res);
        if (await this.auth.answer(header(res, 'www-authenticate'))) {
          tries--;
          continue;
        }
        throw statusError(401, 'Unauthorized', Buffer.alloc(0), this.context(opts, tries));
      }
      if (isRetryableStatus(res.status) && tries < this.retry.attempts) {
        const delay = retryDelay(tries, header(res, 'retry-after'), this.retry);
        if (delay <= this.retry.maxRetryAfterMs) {
          discard(res);
          await sleep(delay, opts.signal);
          continue;
        }
      }
      if (res.status >= 200 && res.status < 300) return res;
      const body = await readBody(res, ERROR_BODY_LIMIT, opts.what).catch(() => Buffer.alloc(0));
      throw statusError(res.status, res.body.statusMessage ?? '', body, this.context(opts, tries));
    }
  }

  private headers(url: URL, opts: RequestOptions): Record<string, string> {
    const out: Record<string, string> = { 'user-agent': 'layerscope' };
    if (opts.accept) out.accept = opts.accept;
    if (opts.from) out.range = `bytes=${opts.from}-`;
    const authorization = opts.authorization === undefined ? this.auth.authorization() : opts.authorization;
    // Credentials go to the registry host only, never to a redirect target (blob storage).
    if (authorization && (opts.authorization !== undefined || url.host === this.name.apiHost)) out.authorization = authorization;
    return out;
  }

  private canFallBack(url: URL, err: unknown): boolean {
    return this.tryPlain && url.protocol === 'https:' && url.host === this.name.apiHost && isTlsProtocolError(err);
  }

  context(opts: Pick<RequestOptions, 'what' | 'reference'>, tries: number): ErrorContext {
    return {
      what: opts.what,
      host: this.name.host,
      repository: this.name.repository,
      reference: opts.reference,
      auth: this.auth.describe(),
      hasCredential: this.auth.hasCredential(),
      tries,
    };
  }

  private async fetchToken(realm: URL, cred: { username: string; password: string } | undefined): Promise<string> {
    const basic = cred ? `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}` : null;
    const what = `${this.label}: token from ${realm.host}`;
    const res = await this.request(realm, { what, authorization: basic });
    let parsed: any;
    try {
      parsed = JSON.parse((await readBody(res, ERROR_BODY_LIMIT, what)).toString('utf8'));
    } catch {
      throw new LayerscopeError('registry', `${what}: the token server's answer is not JSON`);
    }
    const token = parsed?.token ?? parsed?.access_token;
    if (typeof token !== 'string' || token === '') throw new LayerscopeError('registry', `${what}: the answer holds no token`);
    return token;
  }
}

function withProtocol(url: URL, protocol: 'http:' | 'https:'): URL {
  const next = new URL(url);
  next.protocol = protocol;
  return next;
}

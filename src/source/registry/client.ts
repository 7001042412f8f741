/**
 * A client for one repository on one registry (OCI distribution spec): manifests, blobs and
 * tag lists, with authentication, bounded retries, redirects and the scheme choice
 * (HTTPS verified; HTTPS unverified then HTTP for --insecure and loopback hosts).
 */
import type { Readable } from 'node:stream';
import { LayerscopeError } from '../../errors.js';
import { DEFAULT_DEADLINES, formatDuration, type Deadlines } from '../deadlines.js';
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
  /** Connect, answer and idle deadlines of every request (default: 30 s, 60 s, 60 s). */
  deadlines?: Deadlines;
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

interface Attempt {
  url: URL;
  tries: number;
  redirects: number;
  authTries: number;
  /** The host credentials may go to. */
  authHost: string;
}

const ERROR_BODY_LIMIT = 64 * 1024;
/** Hosts found to answer plain HTTP, so later clients skip the TLS attempt. */
const plainHttpHosts = new Set<string>();

export class RegistryClient {
  readonly auth: Authenticator;
  readonly retry: RetryPolicy;
  readonly deadlines: Deadlines;
  private readonly verifyTls: boolean;
  private readonly tryPlain: boolean;

  constructor(
    readonly name: RegistryName,
    opts: RegistryOptions = {},
  ) {
    const env = opts.env ?? process.env;
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.deadlines = opts.deadlines ?? DEFAULT_DEADLINES;
    this.tryPlain = opts.tlsVerify === false || isLoopback(name.apiHost);
    this.verifyTls = !this.tryPlain;
    this.auth = new Authenticator(
      name.repository,
      () => findCredential(name.host, { creds: opts.creds, env }),
      (realm, cred) => this.fetchToken(realm, cred),
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
    return (await this.fetchBytes(this.url(`blobs/${digest}`), { what, signal }, limit)).bytes;
  }

  /**
   * A whole (small) body: a connection dropped or reset while it is read is asked again, with
   * the same policy as a failed request. Resolves with the bytes and the answer they came in.
   */
  async fetchBytes(url: URL, opts: RequestOptions, limit: number): Promise<{ bytes: Buffer; res: HttpResponse }> {
    for (let tries = 1; ; tries++) {
      const res = await this.request(url, opts);
      try {
        return { bytes: await readBody(res, limit, opts.what), res };
      } catch (err) {
        if (opts.signal?.aborted) throw new LayerscopeError('aborted', 'interrupted');
        if (err instanceof LayerscopeError) throw err;
        if (!isRetryableError(err) || tries >= this.retry.attempts)
          throw connectionError(err, this.context(opts, tries));
        await sleep(retryDelay(tries, undefined, this.retry), opts.signal);
      }
    }
  }

  /**
   * Streams a blob; a connection dropped mid-way is resumed with a Range request. Resolves at
   * once: a failed request is the stream's error.
   */
  async openBlob(digest: string, size: number | undefined, signal?: AbortSignal): Promise<Readable> {
    const what = `${this.label} blob ${digest.slice(0, 19)}`;
    const url = this.url(`blobs/${digest}`);
    return resumableBlob({
      what,
      size,
      digest,
      retry: this.retry,
      signal,
      open: (from) => this.request(url, { what, signal, from }),
    });
  }

  /** One request, retried, authenticated and redirected as needed; resolves with a 2xx response. */
  async request(url: URL, opts: RequestOptions): Promise<HttpResponse> {
    const state: Attempt = { url, tries: 0, redirects: 0, authTries: 0, authHost: url.host };
    for (;;) {
      state.tries++;
      let res: HttpResponse;
      try {
        res = await send({
          url: state.url,
          headers: this.headers(state, opts),
          verifyTls: this.verifyTls,
          signal: opts.signal,
          deadlines: this.deadlines,
        });
      } catch (err) {
        await this.afterNetworkError(state, opts, err);
        continue;
      }
      if (await this.isFinal(state, opts, res)) return res;
    }
  }

  /** Decides whether to try again (after a wait) or to fail. */
  private async afterNetworkError(state: Attempt, opts: RequestOptions, err: unknown): Promise<void> {
    if (opts.signal?.aborted) throw new LayerscopeError('aborted', 'interrupted');
    if (this.canFallBack(state.url, err)) {
      plainHttpHosts.add(state.url.host);
      state.url = withProtocol(state.url, 'http:');
      state.tries--;
      return;
    }
    if (!isRetryableError(err) || state.tries >= this.retry.attempts)
      throw connectionError(err, this.context(opts, state.tries));
    await sleep(retryDelay(state.tries, undefined, this.retry), opts.signal);
  }

  /** True for the 2xx answer to return; false to go again (redirect, auth, retry); throws on failure. */
  private async isFinal(state: Attempt, opts: RequestOptions, res: HttpResponse): Promise<boolean> {
    if (res.status >= 200 && res.status < 300) return true;
    if (res.status >= 300 && res.status < 400 && res.headers.location) {
      discard(res);
      if (++state.redirects > 10) throw new LayerscopeError('registry', `${opts.what}: too many redirects`);
      state.url = new URL(res.headers.location, state.url);
      state.tries--;
      return false;
    }
    if (res.status === 401 && opts.authorization === undefined && state.authTries++ < 1) {
      discard(res);
      if (!(await this.auth.answer(header(res, 'www-authenticate'))))
        throw statusError(401, 'Unauthorized', Buffer.alloc(0), this.context(opts, state.tries));
      state.tries--;
      return false;
    }
    if (isRetryableStatus(res.status) && state.tries < this.retry.attempts) {
      const delay = retryDelay(state.tries, header(res, 'retry-after'), this.retry);
      discard(res);
      if (delay > this.retry.maxRetryAfterMs) throw this.waitTooLong(res, delay, opts);
      await sleep(delay, opts.signal);
      return false;
    }
    const body = await readBody(res, ERROR_BODY_LIMIT, opts.what).catch(() => Buffer.alloc(0));
    throw statusError(res.status, res.body.statusMessage ?? '', body, this.context(opts, state.tries));
  }

  /** A Retry-After beyond what layerscope waits: said, not silently given up on. */
  private waitTooLong(res: HttpResponse, delay: number, opts: RequestOptions): LayerscopeError {
    const asked = formatDuration(Math.ceil(delay / 1000) * 1000);
    return new LayerscopeError(
      'registry',
      `${opts.what}: registry asked to retry after ${asked}, more than the ${formatDuration(this.retry.maxRetryAfterMs)} layerscope waits; try again later`,
      {
        hint: `it answered ${res.status} ${res.body.statusMessage ?? ''}`.trim(),
      },
    );
  }

  private headers(state: Attempt, opts: RequestOptions): Record<string, string> {
    const out: Record<string, string> = { 'user-agent': 'layerscope' };
    if (opts.accept) out.accept = opts.accept;
    if (opts.from) out.range = `bytes=${opts.from}-`;
    const authorization = opts.authorization === undefined ? this.auth.authorization() : opts.authorization;
    // Credentials go only to the host asked first (never to a redirect target such as blob
    // storage), and over plain HTTP only where the user allowed it (--insecure, loopback).
    const safe = state.url.host === state.authHost && (state.url.protocol === 'https:' || this.tryPlain);
    if (authorization && safe) out.authorization = authorization;
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
    const { bytes } = await this.fetchBytes(realm, { what, authorization: basic }, ERROR_BODY_LIMIT);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
    let parsed: any;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new LayerscopeError('registry', `${what}: the token server's answer is not JSON`);
    }
    const token = parsed?.token ?? parsed?.access_token;
    if (typeof token !== 'string' || token === '')
      throw new LayerscopeError('registry', `${what}: the answer holds no token`);
    return token;
  }
}

function withProtocol(url: URL, protocol: 'http:' | 'https:'): URL {
  const next = new URL(url);
  next.protocol = protocol;
  return next;
}

/**
 * Registry authentication: anonymous until the registry answers 401, then whatever its
 * WWW-Authenticate challenge asks for — Basic with the credential, or the bearer token flow
 * (GET realm?service=…&scope=repository:NAME:pull, with the credential as Basic if there is
 * one). Tokens and passwords stay inside this object; `describe()` names only the method,
 * the user and where the credential came from.
 */
import { LayerscopeError } from '../../errors.js';
import type { Credential } from './credentials.js';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (several challenges may be joined by ','). */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  const word = /[\w!#$%&'*+.^`|~-]+/y;
  let i = 0;
  const skip = (chars: RegExp) => {
    while (i < header.length && chars.test(header[i])) i++;
  };
  while (i < header.length) {
    skip(/[\s,]/);
    word.lastIndex = i;
    const name = word.exec(header)?.[0];
    if (!name) break;
    i += name.length;
    skip(/\s/);
    if (header[i] !== '=') {
      out.push({ scheme: name.toLowerCase(), params: {} });
      continue;
    }
    i++;
    skip(/\s/);
    const value = readValue(header, i);
    i = value.end;
    const current = out.at(-1);
    if (current) current.params[name.toLowerCase()] = value.text;
  }
  return out;
}

function readValue(header: string, start: number): { text: string; end: number } {
  if (header[start] !== '"') {
    const unquoted = /[^\s,]+/y;
    unquoted.lastIndex = start;
    const text = unquoted.exec(header)?.[0] ?? '';
    return { text, end: start + Math.max(text.length, 1) };
  }
  let text = '';
  let i = start + 1;
  for (; i < header.length && header[i] !== '"'; i++) text += header[i] === '\\' ? (header[++i] ?? '') : header[i];
  return { text, end: i + 1 };
}

/** Fetches a bearer token: returns the token text or throws a registry error. */
export type TokenFetcher = (realm: URL, credential: Credential | undefined) => Promise<string>;

export class Authenticator {
  private scheme: 'none' | 'basic' | 'bearer' = 'none';
  private header?: string;
  private credential?: Credential;
  private credentialLooked = false;

  constructor(
    private readonly repository: string,
    private readonly lookup: () => Promise<Credential | undefined>,
    private readonly fetchToken: TokenFetcher,
  ) {}

  /** The Authorization header to send, if any. */
  authorization(): string | undefined {
    return this.header;
  }

  /** Handles a 401: true when a new Authorization was set up and the request is worth retrying. */
  async answer(wwwAuthenticate: string | undefined, scope = `repository:${this.repository}:pull`): Promise<boolean> {
    const challenges = parseChallenges(wwwAuthenticate ?? '');
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    const basic = challenges.find((c) => c.scheme === 'basic');
    const previous = this.header;
    const credential = await this.getCredential();
    if (bearer) {
      this.scheme = 'bearer';
      const realm = tokenUrl(bearer.params, scope);
      this.header = `Bearer ${await this.fetchToken(realm, credential)}`;
    } else if (basic && credential) {
      this.scheme = 'basic';
      this.header = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
    } else {
      return false;
    }
    return this.header !== previous;
  }

  private async getCredential(): Promise<Credential | undefined> {
    if (!this.credentialLooked) {
      this.credential = await this.lookup();
      this.credentialLooked = true;
    }
    return this.credential;
  }

  /** How this client authenticated, for messages: never a secret. */
  describe(): string {
    const who = this.credential
      ? `as ${this.credential.username}, credentials from ${this.credential.source}`
      : 'anonymously';
    if (this.scheme === 'bearer') return `bearer token ${who}`;
    if (this.scheme === 'basic') return `basic auth ${who}`;
    return this.credentialLooked ? `no auth ${who}` : 'anonymously';
  }

  hasCredential(): boolean {
    return !!this.credential;
  }
}

function tokenUrl(params: Record<string, string>, scope: string): URL {
  let url: URL;
  try {
    url = new URL(params.realm);
  } catch {
    throw new LayerscopeError('registry', `the registry's token realm "${params.realm}" is not a URL`);
  }
  if (params.service) url.searchParams.set('service', params.service);
  url.searchParams.set('scope', params.scope && params.scope.includes(':pull') ? params.scope : scope);
  return url;
}

/**
 * Registry answers and network failures as one-line errors that say which repository, which
 * tag or blob, and how the request was authenticated — never with a secret in them.
 */
import { describeCause, LayerscopeError, notFound } from '../../errors.js';
import { DEADLINE_HINT, isDeadlineError } from '../deadlines.js';
import { isCertificateError, isTlsProtocolError } from './http.js';

export interface ErrorContext {
  /** What was asked for: "127.0.0.1:5000/app:1.0", "…/app blob sha256:ab12…". */
  what: string;
  host: string;
  repository: string;
  /** The tag or digest of a manifest request, when it was one. */
  reference?: string;
  /** How the request was authenticated (Authenticator.describe()). */
  auth: string;
  hasCredential: boolean;
  tries: number;
}

/** The registry's error code and message from a JSON error body ({errors:[{code,message}]}). */
export function registryErrorOf(body: Buffer): { code?: string; message?: string } {
  try {
    const first = JSON.parse(body.toString('utf8'))?.errors?.[0];
    return {
      code: typeof first?.code === 'string' ? first.code : undefined,
      message: typeof first?.message === 'string' ? first.message : undefined,
    };
  } catch {
    return {};
  }
}

const LOGIN_HINT = (host: string) =>
  `give --creds USER:PASSWORD, set LAYERSCOPE_REGISTRY_USER and LAYERSCOPE_REGISTRY_PASSWORD, or run docker login ${host}`;

export function statusError(status: number, statusText: string, body: Buffer, c: ErrorContext): LayerscopeError {
  const { code, message } = registryErrorOf(body);
  if (status === 401) {
    if (c.hasCredential) {
      return new LayerscopeError('registry', `${c.what}: authentication failed (${c.auth})`, {
        hint: `check the user and password; ${LOGIN_HINT(c.host)}`,
      });
    }
    return new LayerscopeError(
      'registry',
      `${c.what}: authentication required (tried anonymously), or the repository does not exist`,
      {
        hint: LOGIN_HINT(c.host),
      },
    );
  }
  if (status === 403) {
    return new LayerscopeError('registry', `${c.what}: access denied to repository ${c.repository} (${c.auth})`, {
      hint: c.hasCredential ? 'this user may not pull from that repository' : LOGIN_HINT(c.host),
    });
  }
  if (status === 404) return notFoundError(code, c);
  const detail = message ? `: ${message}` : '';
  const tries = c.tries > 1 ? ` (gave up after ${c.tries} tries)` : '';
  return new LayerscopeError('registry', `${c.what}: the registry answered ${status} ${statusText}${detail}${tries}`);
}

function notFoundError(code: string | undefined, c: ErrorContext): LayerscopeError {
  const how = `(${c.auth})`;
  if (code === 'NAME_UNKNOWN') {
    return notFound(
      `${c.what}: repository ${c.repository} not found on ${c.host} ${how}`,
      `list what is there with: layerscope tags docker://${c.host}/${c.repository}`,
    );
  }
  if (c.reference && !c.reference.includes(':')) {
    return notFound(
      `${c.what}: tag "${c.reference}" not found in repository ${c.repository} ${how}`,
      `list the tags with: layerscope tags docker://${c.host}/${c.repository}`,
    );
  }
  if (c.reference)
    return notFound(`${c.what}: manifest ${c.reference.slice(0, 19)} not found in repository ${c.repository} ${how}`);
  return notFound(`${c.what}: not found on ${c.host} ${how}`);
}

export function connectionError(err: unknown, c: ErrorContext): LayerscopeError {
  const e = err as NodeJS.ErrnoException;
  // Says which deadline, how long and which request: no further context needed.
  if (isDeadlineError(err)) return new LayerscopeError('registry', err.message, { hint: DEADLINE_HINT, cause: err });
  if (e?.code === 'ECONNREFUSED') {
    return new LayerscopeError('registry', `${c.what}: cannot connect to ${c.host}: connection refused`, {
      hint: `is a registry listening at ${c.host}?`,
      cause: err,
    });
  }
  if (e?.code === 'ENOTFOUND') {
    return new LayerscopeError('registry', `${c.what}: cannot resolve host ${c.host}`, {
      hint: 'check the host name in the reference',
      cause: err,
    });
  }
  if (isCertificateError(err)) {
    return new LayerscopeError('registry', `${c.what}: the TLS certificate of ${c.host} is not trusted (${e.code})`, {
      hint: 'to skip verification, pass --insecure (or --tls-verify=false); to trust a CA, set NODE_EXTRA_CA_CERTS',
      cause: err,
    });
  }
  if (isTlsProtocolError(err)) {
    return new LayerscopeError('registry', `${c.what}: ${c.host} does not answer TLS (it may speak plain HTTP)`, {
      hint: 'to allow plain HTTP, pass --insecure (or --tls-verify=false)',
      cause: err,
    });
  }
  const tries = c.tries > 1 ? ` (gave up after ${c.tries} tries)` : '';
  return new LayerscopeError('registry', `${c.what}: ${describeNetwork(err)}${tries}`, { cause: err });
}

function describeNetwork(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ECONNRESET' || /socket hang up|aborted/i.test(e?.message ?? ''))
    return 'connection reset by the registry';
  if (e?.code === 'ETIMEDOUT') return e.message;
  return describeCause(err);
}

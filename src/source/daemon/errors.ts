/**
 * What can go wrong talking to the engine, as one line and a hint each: not reachable,
 * permission denied on the socket, image not found, export interrupted, anything else the
 * engine answers. Every function returns a LayerscopeError (exit code 2).
 */
import { describeCause, LayerscopeError } from '../../errors.js';
import { DEADLINE_HINT, deadlineError, type DeadlinePhase } from '../deadlines.js';
import type { EngineConnection } from './connection.js';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ENOTSOCK',
  'ECONNRESET',
  'EPIPE',
]);
const DENIED = new Set(['EACCES', 'EPERM']);

export function engineLabel(conn: EngineConnection): string {
  return `${conn.host} (${conn.origin === 'default' ? 'the default; DOCKER_HOST is not set' : `from ${conn.origin}`})`;
}

/** Maps a failed request to the engine: connection problems first, then the engine's answer. */
export function engineError(err: unknown, conn: EngineConnection, doing: string): LayerscopeError {
  if (err instanceof LayerscopeError) return err;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
  const e = (err ?? {}) as NodeJS.ErrnoException & { statusCode?: number; json?: any; level?: string };
  if (e.code && DENIED.has(e.code)) {
    return new LayerscopeError('engine', `permission denied on the Docker Engine socket ${engineLabel(conn)}`, {
      hint: 'add your user to the group that owns the socket (sudo usermod -aG docker $USER, then log in again), or run with sudo',
      cause: err,
    });
  }
  if ((e.code && UNREACHABLE.has(e.code)) || e.level === 'client-socket' || e.level === 'client-timeout') {
    return new LayerscopeError('engine', `cannot reach the Docker Engine at ${engineLabel(conn)}: ${reason(e)}`, {
      hint: 'start the engine (e.g. sudo systemctl start docker), or point DOCKER_HOST or `docker context use` at a running one',
      cause: err,
    });
  }
  if (e.level === 'client-authentication') {
    return new LayerscopeError('engine', `ssh to the Docker Engine at ${engineLabel(conn)} failed: authentication`, {
      hint: 'layerscope uses your ssh agent (SSH_AUTH_SOCK): ssh-add the key that logs in to that host',
      cause: err,
    });
  }
  return new LayerscopeError('engine', `${doing}: ${engineMessage(e)}`, { cause: err });
}

/** The engine's own words for a failed request, without dockerode's "(HTTP code …)" prefix. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
export function engineMessage(e: { statusCode?: number; json?: any; message?: string }): string {
  const fromJson = typeof e.json?.message === 'string' ? e.json.message : undefined;
  if (fromJson) return `${fromJson} (HTTP ${e.statusCode})`;
  const text = (e.message ?? String(e)).replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
  return e.statusCode ? `${text} (HTTP ${e.statusCode})` : describeCause(e);
}

function reason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOENT':
      return 'no such socket';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case 'ETIMEDOUT':
      return 'timed out';
    case 'ENOTSOCK':
      return 'not a socket';
  }
  return e.code ? e.code.toLowerCase() : describeCause(e);
}

export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number })?.statusCode === 404;
}

export function imageNotFound(name: string, isId: boolean, conn: EngineConnection): LayerscopeError {
  if (isId) {
    return new LayerscopeError('not-found', `no image with ID ${name} in the Docker Engine at ${conn.host}`, {
      hint: 'list the images with: docker images',
    });
  }
  return new LayerscopeError(
    'not-found',
    `image ${name} is not in the Docker Engine at ${conn.host} (layerscope never pulls on its own)`,
    {
      hint: `pull it first: docker pull ${name}   (or run again with --pull)`,
    },
  );
}

export function exportInterrupted(name: string, cause: unknown): LayerscopeError {
  const e = cause as NodeJS.ErrnoException;
  const why =
    e?.code === 'ECONNRESET' || /^aborted$/.test(e?.message ?? '')
      ? 'the connection closed before the end'
      : describeCause(cause);
  return new LayerscopeError('engine', `the export of ${name} from the Docker Engine was interrupted: ${why}`, {
    hint: 'check the engine (docker info) and its disk space, then try again',
    cause,
  });
}

/** A bare name (no docker:) that is no file, and the engine has no such image or cannot be asked. */
export function neitherFileNorImage(err: unknown, name: string, conn: EngineConnection): unknown {
  if (!(err instanceof LayerscopeError) || (err.code !== 'not-found' && err.code !== 'engine')) return err;
  if (err.code === 'not-found') {
    return new LayerscopeError(
      'not-found',
      `${name} is neither a file nor an image in the Docker Engine at ${conn.host}`,
      {
        hint: `a file: check the path; the engine: docker pull ${name} (or --pull); a registry image: registry:${name}`,
        cause: err,
      },
    );
  }
  return new LayerscopeError(
    'engine',
    `${name} is not a file, and the Docker Engine could not be asked: ${err.message}`,
    { hint: err.hint, cause: err },
  );
}

/** The error a deadline of a request to `conn` ends in. */
export function engineDeadlineError(
  conn: EngineConnection,
  phase: DeadlinePhase,
  ms: number,
  request: string,
): LayerscopeError {
  const err = deadlineError(phase, ms, `the Docker Engine at ${conn.host}`, request);
  return new LayerscopeError('engine', err.message, { hint: DEADLINE_HINT, cause: err });
}

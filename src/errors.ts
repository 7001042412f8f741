/**
 * Errors users see. Each carries a stable code, the exit code the CLI uses and an optional
 * hint. Sources, scan and analysis throw these; only the CLI turns them into output.
 */
export type ErrorCode =
  'usage' | 'config' | 'not-found' | 'bad-input' | 'digest-mismatch' | 'platform' | 'engine' | 'registry' | 'aborted';

export class LayerscopeError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  /** Lines shown under the message (each problem of a config file), before the hint. */
  readonly details: readonly string[];
  readonly exitCode: number;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { hint?: string; cause?: unknown; exitCode?: number; details?: readonly string[] } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'LayerscopeError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
    this.exitCode = opts.exitCode ?? 2;
  }
}

export const usageError = (message: string, hint?: string) => new LayerscopeError('usage', message, { hint });
export const inputError = (message: string, hint?: string, cause?: unknown) =>
  new LayerscopeError('bad-input', message, { hint, cause });
export const notFound = (message: string, hint?: string, cause?: unknown) =>
  new LayerscopeError('not-found', message, { hint, cause });

/** Adds context in front of an error's message, keeping its code and hint. */
export function withContext(context: string, err: unknown): LayerscopeError {
  if (err instanceof LayerscopeError) {
    const wrapped = new LayerscopeError(err.code, `${context}: ${err.message}`, {
      hint: err.hint,
      details: err.details,
      cause: err,
      exitCode: err.exitCode,
    });
    return wrapped;
  }
  return inputError(`${context}: ${describeCause(err)}`, undefined, err);
}

/** A short, lower-case description of a low-level error (zlib, fs, tar) for one line of output. */
export function describeCause(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return `corrupt gzip data (${e.message})`;
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return 'stream closed early';
  }
  if (/unexpected end/i.test(e.message)) return 'unexpected end of data (truncated?)';
  return e.message;
}

/**
 * When to try a registry request again and how long to wait: 5xx answers, 429 (honouring
 * Retry-After) and dropped connections — before the answer or in the middle of its body —
 * are retried with exponential backoff, a bounded number of times. Everything else fails at
 * once, a deadline that fired included: a registry that kept silent for the whole idle
 * timeout is not asked again (that would multiply the wait by the number of tries).
 */
import { LayerscopeError } from '../../errors.js';
import { isDeadlineError } from '../deadlines.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 30_000 };

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const RETRY_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export function isRetryableStatus(status: number): boolean {
  return RETRY_STATUS.has(status);
}

export function isRetryableError(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException;
  if (e?.name === 'AbortError' || isDeadlineError(err)) return false;
  return RETRY_CODES.has(e?.code ?? '') || /socket hang up|aborted/i.test(e?.message ?? '');
}

/** The wait before try number `attempt + 1` (attempt counts from 1). */
export function retryDelay(
  attempt: number,
  retryAfter: string | undefined,
  policy: RetryPolicy,
  now = Date.now(),
): number {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked !== undefined) return asked;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(backoff * (0.8 + Math.random() * 0.4));
}

/** Retry-After as delay-seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LayerscopeError('aborted', 'interrupted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new LayerscopeError('aborted', 'interrupted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The sha256 a scan computes while bytes stream by (blob digest, diffID): on this thread for
 * small blobs, on a worker thread (sha256-thread.ts) for blobs large enough that the worker
 * pays for itself. update() returns a promise only when the caller must wait (back-pressure).
 */
import { createHash } from 'node:crypto';
import { ThreadSha256 } from './sha256-thread.js';

export interface StreamingSha256 {
  update(chunk: Uint8Array): Promise<void> | undefined;
  /** "sha256:<hex>" of everything given to update(). */
  digest(): Promise<string>;
  /** Gives up the hash after a failure. */
  abort(): void;
}

/** Blobs from this size on are hashed on a worker thread (starting one costs ~20 ms). */
export const THREAD_MIN_BYTES = 8 * 1024 * 1024;

export function createSha256(sizeHint: number | undefined, threadMinBytes = THREAD_MIN_BYTES): StreamingSha256 {
  if (sizeHint !== undefined && sizeHint >= threadMinBytes) return onWorker();
  const hash = createHash('sha256');
  return {
    update: (chunk) => void hash.update(chunk),
    digest: async () => `sha256:${hash.digest('hex')}`,
    abort: () => {},
  };
}

/**
 * The streaming hash a digest calls for: sha256 as above, sha512 (the other algorithm OCI
 * registers) on this thread. `digest` is the digest to be checked, when there is one.
 */
export function createDigester(digest: string | undefined, sizeHint: number | undefined): StreamingSha256 {
  if (!digest?.startsWith('sha512:')) return createSha256(sizeHint);
  const hash = createHash('sha512');
  return {
    update: (chunk) => void hash.update(chunk),
    digest: async () => `sha512:${hash.digest('hex')}`,
    abort: () => {},
  };
}

/** The algorithm part of a digest ("sha256" when there is none to check). */
export const algorithmOf = (digest: string | undefined): string =>
  digest ? digest.slice(0, digest.indexOf(':')) : 'sha256';

function onWorker(): StreamingSha256 {
  const hash = new ThreadSha256();
  return {
    update: (chunk) => hash.update(chunk),
    digest: async () => `sha256:${await hash.digest()}`,
    abort: () => hash.abort(),
  };
}

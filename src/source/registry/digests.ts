/**
 * Digests of what a registry sends: the algorithms the OCI image spec registers (sha256,
 * sha512) are computed and compared; any other is refused before anything is read, since
 * its content could not be checked.
 */
import { createHash, type Hash } from 'node:crypto';
import { LayerscopeError } from '../../errors.js';
import { checkDigest, digestAlgorithm as algorithmOf, digestBytes, type DigestAlgorithm } from '../digest.js';

export type { DigestAlgorithm };

/** The algorithm of `digest`; an unregistered one, or an encoded part of the wrong shape, is an input error. */
export function digestAlgorithm(digest: string, what: string): DigestAlgorithm {
  return algorithmOf(checkDigest(digest, what, 'digest'))!;
}

/** A hash to feed as bytes stream by. */
export function digester(algorithm: DigestAlgorithm): { hash: Hash; digest: () => string } {
  const hash = createHash(algorithm);
  return { hash, digest: () => `${algorithm}:${hash.digest('hex')}` };
}

/** Throws unless `bytes` hash to `expected` (`what`: "…/app:1.0: config"). */
export function verifyBytes(bytes: Uint8Array, expected: string, what: string): void {
  const actual = digestBytes(digestAlgorithm(expected, what), bytes);
  if (actual !== expected) {
    throw new LayerscopeError('digest-mismatch', `${what}: blob ${expected} does not match its digest`, {
      hint: `its content is ${actual.slice(0, 19)}…: the registry or something between it and you changed it`,
    });
  }
}

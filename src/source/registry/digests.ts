/**
 * Digests of what a registry sends: the algorithms the OCI image spec registers (sha256,
 * sha512) are computed and compared; any other is refused before anything is read, since
 * its content could not be checked.
 */
import { createHash, type Hash } from 'node:crypto';
import { inputError, LayerscopeError } from '../../errors.js';

const ALGORITHMS: Record<string, number> = { sha256: 64, sha512: 128 };

export type DigestAlgorithm = 'sha256' | 'sha512';

/** The algorithm of `digest`; an unregistered one, or an encoded part of the wrong shape, is an input error. */
export function digestAlgorithm(digest: string, what: string): DigestAlgorithm {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const length = ALGORITHMS[algorithm];
  if (length === undefined) {
    throw inputError(`${what}: digest ${digest.slice(0, 30)} uses the algorithm "${algorithm}", which layerscope cannot verify`, 'the OCI image spec registers sha256 and sha512');
  }
  if (!new RegExp(`^[a-f0-9]{${length}}$`).test(digest.slice(colon + 1))) throw inputError(`${what}: ${digest.slice(0, 30)} is not a valid ${algorithm} digest`);
  return algorithm as DigestAlgorithm;
}

export function digestOf(bytes: Uint8Array, algorithm: DigestAlgorithm): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** A hash to feed as bytes stream by. */
export function digester(algorithm: DigestAlgorithm): { hash: Hash; digest: () => string } {
  const hash = createHash(algorithm);
  return { hash, digest: () => `${algorithm}:${hash.digest('hex')}` };
}

/** Throws unless `bytes` hash to `expected` (`what`: "…/app:1.0: config"). */
export function verifyBytes(bytes: Uint8Array, expected: string, what: string): void {
  const actual = digestOf(bytes, digestAlgorithm(expected, what));
  if (actual !== expected) {
    throw new LayerscopeError('digest-mismatch', `${what}: blob ${expected} does not match its digest`, {
      hint: `its content is ${actual.slice(0, 19)}…: the registry or something between it and you changed it`,
    });
  }
}

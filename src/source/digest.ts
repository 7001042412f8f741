/**
 * Digests as the OCI image spec registers them: sha256 (64 hex digits) and sha512 (128).
 * Both are verified wherever a digest names bytes; a digest of any other algorithm is
 * refused, since it could not be checked.
 */
import { createHash } from 'node:crypto';
import { inputError } from '../errors.js';

const HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };

export type DigestAlgorithm = 'sha256' | 'sha512';

/** The algorithm of a digest layerscope can verify; undefined for any other string. */
export function digestAlgorithm(digest: string): DigestAlgorithm | undefined {
  const colon = digest.indexOf(':');
  const alg = digest.slice(0, colon);
  const len = HEX_LENGTH[alg];
  if (colon < 0 || len === undefined || digest.length !== colon + 1 + len) return undefined;
  return /^[a-f0-9]+$/.test(digest.slice(colon + 1)) ? (alg as DigestAlgorithm) : undefined;
}

/** `value` when it is a verifiable digest; otherwise an input error naming `field`. */
export function checkDigest(value: unknown, label: string, field: string): string {
  if (typeof value !== 'string') throw inputError(`${label}: ${field} is ${typeName(value)}, not a digest`);
  if (digestAlgorithm(value) !== undefined) return value;
  const alg = /^([a-z0-9+._-]{1,32}):/.exec(value)?.[1];
  if (alg && !HEX_LENGTH[alg]) {
    throw inputError(
      `${label}: ${field} uses digest algorithm ${JSON.stringify(alg)}, which cannot be verified`,
      'the OCI image spec registers sha256 and sha512',
    );
  }
  throw inputError(`${label}: ${field} is not a valid digest (${JSON.stringify(value.slice(0, 80))})`);
}

/** The digest of `bytes` under `algorithm`, as "alg:hex". */
export function digestBytes(algorithm: DigestAlgorithm, bytes: Uint8Array): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** A word for what a JSON value is, for messages ("an object", "a number", …). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'missing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

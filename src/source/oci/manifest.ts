/**
 * OCI / Docker v2 manifests and indexes: parsing, and choosing the image manifest for a
 * platform through (possibly nested) indexes. Shared by every source that has manifests.
 */
import { inputError, LayerscopeError } from '../../errors.js';
import { checkDigest, digestAlgorithm, digestBytes, typeName } from '../digest.js';
import { formatPlatform, type Platform } from '../model.js';

const JSON_METADATA_LIMIT = 4 * 1024 * 1024;
import { hostPlatform, listPlatforms, platformMatches } from './platform.js';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export type ParsedManifest =
  { kind: 'index'; manifests: Descriptor[] } | { kind: 'manifest'; config: Descriptor; layers: Descriptor[] };

export type FetchBlob = (d: Descriptor) => Promise<Buffer>;

/** More layers than this in one manifest is not an image (Docker runs at most 127). */
export const MAX_LAYERS = 1000;
/** Descriptors visited through nested indexes in one run, at most (a guard against fan-out). */
export const MAX_DESCRIPTORS = 10_000;
const MAX_INDEX_DEPTH = 4;

export function parseManifest(bytes: Buffer, label: string): ParsedManifest {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
  let raw: any;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    const deep = err instanceof RangeError ? ' (nested too deeply)' : '';
    throw inputError(`${label}: malformed JSON in manifest${deep}`);
  }
  if (Array.isArray(raw?.manifests)) {
    if (raw.manifests.length > MAX_DESCRIPTORS)
      throw inputError(`${label}: the index lists ${raw.manifests.length} manifests; the limit is ${MAX_DESCRIPTORS}`);
    return {
      kind: 'index',
      manifests: raw.manifests.map((d: unknown, i: number) => descriptor(d, label, `manifests[${i}]`)),
    };
  }
  if (raw?.config && Array.isArray(raw?.layers)) {
    if (raw.layers.length > MAX_LAYERS)
      throw inputError(`${label}: the manifest lists ${raw.layers.length} layers; the limit is ${MAX_LAYERS}`);
    return {
      kind: 'manifest',
      config: descriptor(raw.config, label, 'config'),
      layers: raw.layers.map((d: unknown, i: number) => descriptor(d, label, `layers[${i}]`)),
    };
  }
  if (raw?.schemaVersion === 1)
    throw inputError(
      `${label}: Docker schema 1 manifests are not supported`,
      'push the image again with a current Docker',
    );
  throw inputError(`${label}: not an image manifest or index`);
}

/** One descriptor, each field checked for its type; a wrong one is named in the error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
function descriptor(raw: any, label: string, at: string): Descriptor {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw inputError(`${label}: ${at} is ${typeName(raw)}, not a descriptor`);
  const digest = checkDigest(raw.digest, label, `${at}.digest`);
  if (!Number.isSafeInteger(raw.size) || raw.size < 0) {
    throw inputError(
      `${label}: ${at}.size is ${typeof raw.size === 'number' ? raw.size : typeName(raw.size)}, not a size in bytes`,
    );
  }
  const d: Descriptor = { digest, size: raw.size };
  const mediaType = optionalString(raw.mediaType, label, `${at}.mediaType`);
  if (mediaType !== undefined) d.mediaType = mediaType;
  const platform = descriptorPlatform(raw.platform, label, `${at}.platform`);
  if (platform) d.platform = platform;
  if (raw.annotations && typeof raw.annotations === 'object') {
    // Only string values are annotations; anything else is dropped, never used as text.
    d.annotations = Object.fromEntries(
      Object.entries(raw.annotations).filter(([, v]) => typeof v === 'string'),
    ) as Record<string, string>;
  }
  return d;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
function descriptorPlatform(raw: any, label: string, at: string): Platform | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object') throw inputError(`${label}: ${at} is ${typeName(raw)}, not a platform`);
  const os = optionalString(raw.os, label, `${at}.os`);
  const architecture = optionalString(raw.architecture, label, `${at}.architecture`);
  const variant = optionalString(raw.variant, label, `${at}.variant`);
  if (!os || !architecture) return undefined;
  return variant ? { os, architecture, variant } : { os, architecture };
}

function optionalString(value: unknown, label: string, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw inputError(`${label}: ${field} is ${typeName(value)}, not a string`);
  return value;
}

/** Fetches a blob and checks it against its descriptor's size and digest (sha256 or sha512). */
export async function fetchVerified(fetch: FetchBlob, d: Descriptor, label: string): Promise<Buffer> {
  if (d.size > JSON_METADATA_LIMIT)
    throw inputError(
      `${label}: ${d.digest} declares ${d.size} bytes; the limit for a manifest, index or config is 4 MiB`,
    );
  const bytes = await fetch(d);
  const algorithm = digestAlgorithm(d.digest);
  if (!algorithm)
    throw inputError(`${label}: ${d.digest} cannot be verified`, 'the OCI image spec registers sha256 and sha512');
  if (digestBytes(algorithm, bytes) !== d.digest) {
    throw new LayerscopeError('digest-mismatch', `${label}: blob ${d.digest} does not match its digest`);
  }
  if (d.size >= 0 && bytes.length !== d.size) {
    throw new LayerscopeError(
      'digest-mismatch',
      `${label}: blob ${d.digest} has ${bytes.length} bytes, its descriptor says ${d.size}`,
    );
  }
  return bytes;
}

const isIndexType = (t?: string) => t === MEDIA.ociIndex || t === MEDIA.dockerList;

function isAttestation(d: Descriptor): boolean {
  return d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || d.platform?.os === 'unknown';
}

/** The work a walk through nested indexes may do: descriptors visited, and the indexes on the path. */
interface Walk {
  visited: number;
  path: Set<string>;
  /** Indexes already read, by digest: an index listed many times is read and parsed once. */
  read: Map<string, ParsedManifest>;
}

/** Walks nested indexes down to image manifests, keeping the platform each is listed under. */
async function leaves(descs: Descriptor[], fetch: FetchBlob, label: string, walk: Walk): Promise<Descriptor[]> {
  if (walk.path.size > MAX_INDEX_DEPTH)
    throw inputError(`${label}: image indexes nested too deeply (more than ${MAX_INDEX_DEPTH} levels)`);
  const out: Descriptor[] = [];
  for (const d of descs) {
    if (++walk.visited > MAX_DESCRIPTORS)
      throw inputError(`${label}: the image indexes list more than ${MAX_DESCRIPTORS} descriptors`);
    if (isAttestation(d)) continue;
    if (!isIndexType(d.mediaType)) {
      out.push(d);
      continue;
    }
    if (walk.path.has(d.digest)) throw inputError(`${label}: image index ${d.digest} refers to itself`);
    let parsed = walk.read.get(d.digest);
    if (!parsed)
      walk.read.set(
        d.digest,
        (parsed = parseManifest(await fetchVerified(fetch, d, label), `${label}: index ${d.digest}`)),
      );
    if (parsed.kind !== 'index') {
      out.push(d);
      continue;
    }
    walk.path.add(d.digest);
    out.push(...(await leaves(parsed.manifests, fetch, label, walk)));
    walk.path.delete(d.digest);
  }
  return out;
}

/** Chooses the one image manifest for `wanted` (or this host) among `descs`. */
export async function selectManifest(
  descs: Descriptor[],
  fetch: FetchBlob,
  label: string,
  wanted?: Platform,
): Promise<Descriptor> {
  const all = await leaves(descs, fetch, label, { visited: 0, path: new Set(), read: new Map() });
  if (all.length === 0) throw inputError(`${label}: the index lists no image manifests`);
  if (all.length === 1 && (!wanted || !all[0].platform || platformMatches(wanted, all[0].platform))) return all[0];
  const target = wanted ?? hostPlatform();
  const withPlatform = all.filter((d) => d.platform);
  const matches = withPlatform.filter((d) => platformMatches(target, d.platform!));
  const distinct = new Set(matches.map((d) => d.digest));
  if (distinct.size === 1) return matches[0];
  const available = listPlatforms(withPlatform.map((d) => d.platform!));
  if (distinct.size > 1) {
    throw new LayerscopeError(
      'platform',
      `${label}: platform ${formatPlatform(target)} is ambiguous (${matches.length} manifests)`,
      {
        hint: `give the variant too; platforms: ${available}`,
      },
    );
  }
  throw new LayerscopeError(
    'platform',
    `${label}: no image for platform ${formatPlatform(target)}; available: ${available || 'none listed'}`,
    {
      hint: wanted ? undefined : 'choose one with --platform',
    },
  );
}

/**
 * OCI / Docker v2 manifests and indexes: parsing, and choosing the image manifest for a
 * platform through (possibly nested) indexes. Shared by every source that has manifests.
 */
import { inputError, LayerscopeError } from '../errors.js';
import { isDigest, sha256Digest } from './image-config.js';
import { formatPlatform, type Platform } from './model.js';
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
  | { kind: 'index'; manifests: Descriptor[] }
  | { kind: 'manifest'; config: Descriptor; layers: Descriptor[] };

export type FetchBlob = (d: Descriptor) => Promise<Buffer>;

export function parseManifest(bytes: Buffer, label: string): ParsedManifest {
  let raw: any;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw inputError(`${label}: malformed JSON in manifest`);
  }
  if (Array.isArray(raw?.manifests)) return { kind: 'index', manifests: raw.manifests.map((d: unknown) => descriptor(d, label)) };
  if (raw?.config && Array.isArray(raw?.layers)) {
    return { kind: 'manifest', config: descriptor(raw.config, label), layers: raw.layers.map((d: unknown) => descriptor(d, label)) };
  }
  if (raw?.schemaVersion === 1) throw inputError(`${label}: Docker schema 1 manifests are not supported`, 'push the image again with a current Docker');
  throw inputError(`${label}: not an image manifest or index`);
}

function descriptor(raw: any, label: string): Descriptor {
  if (!isDigest(raw?.digest) || typeof raw?.size !== 'number' || raw.size < 0) {
    throw inputError(`${label}: bad descriptor in manifest (${JSON.stringify(raw)?.slice(0, 120)})`);
  }
  const d: Descriptor = { mediaType: raw.mediaType, digest: raw.digest, size: raw.size };
  if (raw.platform?.os && raw.platform?.architecture) {
    d.platform = { os: raw.platform.os, architecture: raw.platform.architecture };
    if (raw.platform.variant) d.platform.variant = raw.platform.variant;
  }
  if (raw.annotations && typeof raw.annotations === 'object') d.annotations = raw.annotations;
  return d;
}

/** Fetches a blob and checks it against its descriptor's digest. */
export async function fetchVerified(fetch: FetchBlob, d: Descriptor, label: string): Promise<Buffer> {
  const bytes = await fetch(d);
  if (d.digest.startsWith('sha256:') && sha256Digest(bytes) !== d.digest) {
    throw new LayerscopeError('digest-mismatch', `${label}: blob ${d.digest} does not match its digest`);
  }
  return bytes;
}

const isIndexType = (t?: string) => t === MEDIA.ociIndex || t === MEDIA.dockerList;

function isAttestation(d: Descriptor): boolean {
  return d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || d.platform?.os === 'unknown';
}

/** Walks nested indexes down to image manifests, keeping the platform each is listed under. */
async function leaves(descs: Descriptor[], fetch: FetchBlob, label: string, depth = 0): Promise<Descriptor[]> {
  if (depth > 4) throw inputError(`${label}: image indexes nested too deeply`);
  const out: Descriptor[] = [];
  for (const d of descs) {
    if (isAttestation(d)) continue;
    if (!isIndexType(d.mediaType)) {
      out.push(d);
      continue;
    }
    const parsed = parseManifest(await fetchVerified(fetch, d, label), label);
    if (parsed.kind === 'index') out.push(...(await leaves(parsed.manifests, fetch, label, depth + 1)));
    else out.push(d);
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
  const all = await leaves(descs, fetch, label);
  if (all.length === 0) throw inputError(`${label}: the index lists no image manifests`);
  if (all.length === 1 && (!wanted || !all[0].platform || platformMatches(wanted, all[0].platform))) return all[0];
  const target = wanted ?? hostPlatform();
  const withPlatform = all.filter((d) => d.platform);
  const matches = withPlatform.filter((d) => platformMatches(target, d.platform!));
  const distinct = new Set(matches.map((d) => d.digest));
  if (distinct.size === 1) return matches[0];
  const available = listPlatforms(withPlatform.map((d) => d.platform!));
  if (distinct.size > 1) {
    throw new LayerscopeError('platform', `${label}: platform ${formatPlatform(target)} is ambiguous (${matches.length} manifests)`, {
      hint: `give the variant too; platforms: ${available}`,
    });
  }
  throw new LayerscopeError('platform', `${label}: no image for platform ${formatPlatform(target)}; available: ${available || 'none listed'}`, {
    hint: wanted ? undefined : 'choose one with --platform',
  });
}

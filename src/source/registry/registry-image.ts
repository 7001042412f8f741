/**
 * A registry image (`docker://HOST/REPO:TAG`, `registry:REPO:TAG`): the manifest (or index →
 * the platform's manifest) and the config are fetched and verified at once; layer blobs are
 * streamed only when a layer is opened, so a cached or --quick run downloads none.
 */
import { inputError, LayerscopeError } from '../../errors.js';
import { assembleImage } from '../oci/assemble.js';
import { parseImageConfig } from '../oci/image-config.js';
import {
  fetchVerified,
  MEDIA,
  parseManifest,
  selectManifest,
  type Descriptor,
  type FetchBlob,
} from '../oci/manifest.js';
import type { Image, Platform } from '../model.js';
import { platformMatches } from '../oci/platform.js';
import { formatPlatform } from '../model.js';
import { RegistryClient, type RegistryOptions } from './client.js';
import { digestBytes } from '../digest.js';
import { digestAlgorithm, verifyBytes } from './digests.js';
import { header } from './http.js';
import { formatRegistryName, parseRegistryName } from './naming.js';

/** Every manifest type we read, so the registry converts none of them. */
export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');
const MANIFEST_LIMIT = 4 * 1024 * 1024;
const CONFIG_LIMIT = 16 * 1024 * 1024;

export interface FetchedManifest {
  bytes: Buffer;
  digest: string;
  mediaType?: string;
}

/**
 * Fetches a manifest by tag or digest and checks its bytes: by digest against that digest,
 * by tag against the Docker-Content-Digest the registry sent (when it sent one).
 */
export async function fetchManifest(
  client: RegistryClient,
  reference: string,
  what: string,
  signal?: AbortSignal,
): Promise<FetchedManifest> {
  const byDigest = reference.includes(':');
  if (byDigest) digestAlgorithm(reference, what); // refused before anything is asked
  const url = client.url(`manifests/${reference}`);
  const { bytes, res } = await client.fetchBytes(
    url,
    { what, accept: MANIFEST_ACCEPT, signal, reference },
    MANIFEST_LIMIT,
  );
  const expected = byDigest ? reference : header(res, 'docker-content-digest')?.trim();
  const actual = expected ? digestBytes(digestAlgorithm(expected, what), bytes) : digestBytes('sha256', bytes);
  if (expected && actual !== expected) throw manifestMismatch(what, byDigest, expected, actual);
  return { bytes, digest: byDigest ? reference : digestBytes('sha256', bytes), mediaType: header(res, 'content-type') };
}

function manifestMismatch(what: string, byDigest: boolean, expected: string, actual: string): LayerscopeError {
  const hint = 'the registry or something between it and you changed the manifest';
  if (byDigest)
    return new LayerscopeError(
      'digest-mismatch',
      `${what}: the manifest does not match its digest (content is ${actual.slice(0, 19)})`,
      { hint },
    );
  return new LayerscopeError(
    'digest-mismatch',
    `${what}: the manifest does not match the digest the registry sent (Docker-Content-Digest ${expected}, content is ${actual})`,
    { hint },
  );
}

/** Config and layers: each digest's algorithm must be one that can be checked. */
function checkAlgorithms(manifest: { config: Descriptor; layers: Descriptor[] }, label: string): void {
  digestAlgorithm(manifest.config.digest, `${label}: config`);
  manifest.layers.forEach((d, i) => digestAlgorithm(d.digest, `${label}: layer ${i + 1}/${manifest.layers.length}`));
}

export async function openRegistryImage(
  reference: string,
  name: string,
  opts: { platform?: Platform; registry?: RegistryOptions; signal?: AbortSignal },
): Promise<Image> {
  const parsed = parseRegistryName(name);
  const client = new RegistryClient(parsed, opts.registry);
  const label = formatRegistryName(parsed);
  const top = await fetchManifest(client, parsed.digest ?? parsed.tag!, label, opts.signal);
  const fetch: FetchBlob = async (d) =>
    (await fetchManifest(client, d.digest, `${label}: manifest ${d.digest.slice(0, 19)}`, opts.signal)).bytes;
  let manifest = parseManifest(top.bytes, label);
  let manifestDigest = top.digest;
  if (manifest.kind === 'index') {
    const chosen = await selectManifest(manifest.manifests, fetch, label, opts.platform);
    manifest = parseManifest(await fetchVerified(fetch, chosen, label), `${label}: manifest ${chosen.digest}`);
    manifestDigest = chosen.digest;
    if (manifest.kind !== 'manifest') throw inputError(`${label}: ${chosen.digest} is not an image manifest`);
  }
  checkAlgorithms(manifest, label);
  const configBytes = await client.readBlob(manifest.config.digest, CONFIG_LIMIT, opts.signal);
  verifyBytes(configBytes, manifest.config.digest, `${label}: config`);
  const config = parseImageConfig(configBytes, label);
  if (opts.platform && !platformMatches(opts.platform, config.platform)) {
    throw new LayerscopeError(
      'platform',
      `${label}: the image is for ${formatPlatform(config.platform)}, not ${formatPlatform(opts.platform)}`,
      {
        hint: 'it is a single-platform image; leave out --platform',
      },
    );
  }
  return assembleImage({
    reference,
    source: 'registry',
    label,
    config,
    manifestDigest,
    repoTags: parsed.tag ? [formatRegistryName({ ...parsed, digest: undefined })] : [],
    blobs: manifest.layers.map((d: Descriptor) => ({
      digest: d.digest,
      blobSize: d.size,
      mediaType: d.mediaType,
      open: (signal?: AbortSignal) => client.openBlob(d.digest, d.size, signal),
    })),
    close: async () => {},
  });
}

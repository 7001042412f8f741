/**
 * OCI image layouts (`oci:DIR`, `oci-archive:PATH`): index.json → (nested) index → manifest
 * → config and layer blobs under blobs/<alg>/<hex>.
 */
import { inputError, LayerscopeError, notFound } from '../../errors.js';
import { assembleImage } from './assemble.js';
import { parseImageConfig } from './image-config.js';
import { fetchVerified, parseManifest, selectManifest, type Descriptor, type FetchBlob } from './manifest.js';
import type { Image, Platform, SourceKind } from '../model.js';
import { JSON_LIMIT, type ArchiveTree } from '../archive/archive-tree.js';

const REF_NAME = 'org.opencontainers.image.ref.name';

export interface OciSelector {
  tag?: string;
  digest?: string;
}

export function blobPath(digest: string): string {
  const [alg, hex] = digest.split(':');
  return `blobs/${alg}/${hex}`;
}

export async function readOciLayout(
  tree: ArchiveTree,
  selector: OciSelector,
  opts: { reference: string; source: SourceKind; platform?: Platform },
): Promise<Image> {
  const label = tree.label;
  if (!tree.has('oci-layout')) throw inputError(`${label}: not an OCI layout (no oci-layout file)`);
  if (!tree.has('index.json')) throw inputError(`${label}: OCI layout without index.json`);
  const index = parseManifest(await tree.readBytes('index.json', JSON_LIMIT), `${label}: index.json`);
  if (index.kind !== 'index') throw inputError(`${label}: index.json is not an image index`);
  const fetch: FetchBlob = (d) => tree.readBytes(blobPath(d.digest));
  const candidates = chooseCandidates(index.manifests, selector, label);
  const chosen = await selectManifest(candidates, fetch, label, opts.platform);
  const manifest = parseManifest(await fetchVerified(fetch, chosen, label), `${label}: manifest ${chosen.digest}`);
  if (manifest.kind !== 'manifest') throw inputError(`${label}: ${chosen.digest} is not an image manifest`);
  const config = parseImageConfig(await fetchVerified(fetch, manifest.config, label), label);
  const tag = selector.tag ?? candidates.find((d) => d.annotations?.[REF_NAME])?.annotations?.[REF_NAME];
  return assembleImage({
    reference: opts.reference,
    source: opts.source,
    label,
    config,
    manifestDigest: chosen.digest,
    repoTags: tag ? [tag] : [],
    blobs: manifest.layers.map((d, i) => {
      const path = blobPath(d.digest);
      checkBlobSize(tree, path, d, label, `layer ${i + 1} of ${manifest.layers.length}`);
      return {
        digest: d.digest,
        blobSize: d.size,
        mediaType: d.mediaType,
        file: tree.locate(path),
        open: (signal?: AbortSignal) => tree.open(path, signal),
      };
    }),
    close: () => tree.close(),
  });
}

/** A layer blob must be in the layout, with the size its descriptor gives. */
function checkBlobSize(tree: ArchiveTree, path: string, d: Descriptor, label: string, which: string): void {
  const size = tree.size(path);
  if (size === undefined) throw inputError(`${label}: missing blob ${path} (${which})`);
  if (size !== d.size)
    throw new LayerscopeError(
      'digest-mismatch',
      `${label}: ${which}: blob ${d.digest} has ${size} bytes, its descriptor says ${d.size}`,
    );
}

function chooseCandidates(manifests: Descriptor[], selector: OciSelector, label: string): Descriptor[] {
  if (selector.digest) {
    const found = manifests.filter((d) => d.digest === selector.digest);
    return found.length > 0 ? found : [{ digest: selector.digest, size: -1 }];
  }
  const tags = [...new Set(manifests.map((d) => d.annotations?.[REF_NAME]).filter((t): t is string => !!t))];
  if (selector.tag) {
    const found = manifests.filter((d) => d.annotations?.[REF_NAME] === selector.tag);
    if (found.length === 0)
      throw notFound(`${label}: no image tagged "${selector.tag}"; tags: ${tags.join(', ') || 'none'}`);
    return found;
  }
  if (tags.length > 1) {
    throw inputError(
      `${label}: holds ${tags.length} images; choose one by tag: ${tags.join(', ')}`,
      `for example oci:${label}:${tags[0]}`,
    );
  }
  return manifests;
}

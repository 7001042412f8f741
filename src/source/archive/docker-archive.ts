/**
 * `docker save` archives, both layouts: the legacy one (`<id>/layer.tar`, `<id>.json`) and
 * Docker 25+'s OCI layout inside the tar. Both carry manifest.json, which names the config
 * and layer members of each image, so one reader serves both.
 */
import { inputError, notFound } from '../../errors.js';
import { assembleImage } from '../oci/assemble.js';
import { parseImageConfig } from '../oci/image-config.js';
import { MAX_LAYERS } from '../oci/manifest.js';
import type { Image } from '../model.js';
import { readJSON, JSON_LIMIT, type ArchiveTree } from './archive-tree.js';

interface ManifestEntry {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

export async function readDockerArchive(tree: ArchiveTree, tag: string | undefined, reference: string): Promise<Image> {
  const label = tree.label;
  const entries = parseEntries(await readJSON(tree, 'manifest.json'), label);
  const entry = chooseEntry(entries, tag, label);
  const config = parseImageConfig(await tree.readBytes(entry.Config, JSON_LIMIT), `${label}: ${entry.Config}`);
  return assembleImage({
    reference,
    source: 'docker-archive',
    label,
    config,
    repoTags: entry.RepoTags,
    blobs: entry.Layers.map((name) => {
      if (!tree.has(name)) throw inputError(`${label}: missing layer ${name} named in manifest.json`);
      const hex = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(name)?.[1];
      const file = tree.locate(name);
      return {
        digest: hex ? `sha256:${hex}` : undefined,
        blobSize: file?.size ?? tree.size(name),
        file,
        open: (signal?: AbortSignal) => tree.open(name, signal),
      };
    }),
    close: () => tree.close(),
  });
}

function parseEntries(raw: unknown, label: string): ManifestEntry[] {
  const ok =
    Array.isArray(raw) &&
    raw.length > 0 &&
    raw.every(
      (e) =>
        typeof e?.Config === 'string' &&
        Array.isArray(e?.Layers) &&
        e.Layers.every((l: unknown) => typeof l === 'string'),
    );
  if (!ok) throw inputError(`${label}: manifest.json is not a docker save manifest`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
  const long = (raw as any[]).find((e) => e.Layers.length > MAX_LAYERS);
  if (long)
    throw inputError(
      `${label}: manifest.json lists ${long.Layers.length} layers for one image; the limit is ${MAX_LAYERS}`,
    );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
  return (raw as any[]).map((e) => ({
    Config: e.Config,
    RepoTags: Array.isArray(e.RepoTags) ? e.RepoTags.filter((t: unknown) => typeof t === 'string') : [],
    Layers: e.Layers,
  }));
}

/** `app`, `app:1.0` and `docker.io/library/app:1.0` name the same image, as in the docker CLI. */
export function normalizeTag(tag: string): string {
  let name = tag;
  if (!/:[\w][\w.-]*$/.test(name.split('/').pop() ?? '')) name += ':latest';
  name = name.replace(/^docker\.io\//, '').replace(/^index\.docker\.io\//, '');
  return name.replace(/^library\//, '');
}

function chooseEntry(entries: ManifestEntry[], tag: string | undefined, label: string): ManifestEntry {
  const allTags = entries.flatMap((e) => e.RepoTags);
  if (tag) {
    const wanted = normalizeTag(tag);
    const found = entries.find((e) => e.RepoTags.some((t) => normalizeTag(t) === wanted));
    if (!found) throw notFound(`${label}: no image tagged "${tag}"; tags: ${allTags.join(', ') || 'none'}`);
    return found;
  }
  if (entries.length > 1) {
    throw inputError(
      `${label}: holds ${entries.length} images; choose one: ${allTags.join(', ') || '(untagged)'}`,
      allTags[0] ? `for example docker-archive:${label}:${allTags[0]}` : undefined,
    );
  }
  return entries[0];
}

/**
 * The invariants every source's Image keeps (after go-containerregistry's validate): what the
 * scan and analysis rely on without checking again. Returns the broken ones, each naming the
 * field; an empty list means the image is well formed. Pure: it reads no blob.
 */
import { digestAlgorithm } from './digest.js';
import type { Image, Layer } from './model.js';

const SOURCES = ['docker-archive', 'oci', 'oci-archive', 'docker', 'registry'];
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isDigest = (v: unknown) => typeof v === 'string' && digestAlgorithm(v) !== undefined;
const isText = (v: unknown) => typeof v === 'string' && v.length > 0;

export function validateImage(image: Image): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  need(isText(image.reference), 'reference is not a string');
  need(SOURCES.includes(image.source), `source ${String(image.source)} is not a known source`);
  need(isDigest(image.id), `id ${String(image.id)} is not a digest`);
  need(image.manifestDigest === undefined || isDigest(image.manifestDigest), 'manifestDigest is not a digest');
  need(Array.isArray(image.repoTags) && image.repoTags.every(isText), 'repoTags are not all strings');
  need(isText(image.platform?.os) && isText(image.platform?.architecture), 'platform has no os/architecture');
  need(typeof image.close === 'function', 'close is not a function');
  image.layers.forEach((layer, i) => problems.push(...layerProblems(layer, i)));
  const withLayer = image.history.filter((h) => !h.emptyLayer).length;
  need(
    image.history.every((h) => typeof h.createdBy === 'string' && typeof h.emptyLayer === 'boolean'),
    'history entries need createdBy and emptyLayer',
  );
  need(
    image.history.length === 0 || withLayer === image.layers.length,
    `history names ${withLayer} layers, the image has ${image.layers.length}`,
  );
  return problems;
}

function layerProblems(layer: Layer, i: number): string[] {
  const at = `layers[${i}]`;
  const out: string[] = [];
  if (layer.index !== i) out.push(`${at}.index is ${layer.index}`);
  if (!isDigest(layer.diffID)) out.push(`${at}.diffID is not a digest`);
  if (layer.digest !== undefined && !isDigest(layer.digest)) out.push(`${at}.digest is not a digest`);
  for (const key of ['blobSize', 'declaredSize'] as const) {
    if (layer[key] !== undefined && !isCount(layer[key])) out.push(`${at}.${key} is not a byte count`);
  }
  const f = layer.file;
  if (f && !(isText(f.path) && isCount(f.offset) && isCount(f.size)))
    out.push(`${at}.file is not a path, offset and size`);
  if (typeof layer.openBlob !== 'function') out.push(`${at}.openBlob is not a function`);
  return out;
}

/**
 * The fuzzer's mutation families. Each turns a seeded Random into one case: a mutated image
 * written to disk in one of the containers the CLI reads, and a line saying what was changed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BuiltImage, FileSet } from '../fixtures/image-builder/index.js';
import { writeFileSetToDir, writeFileSetToTar } from '../fixtures/image-builder/file-set.js';
import { containerFiles, nestIndexes, reassemble, replaceLayer, seedImages, type Container } from './corpus.js';
import { jsonText, mutateJson } from './json-mutations.js';
import { Random } from './random.js';
import { insertExtended, mutateHeader } from './tar-mutations.js';

export interface FuzzCase {
  family: Family;
  what: string;
  /** Writes the case under `dir`; returns the path to give the CLI. */
  write(dir: string): string;
}

export const FAMILIES = ['tar-header', 'pax-record', 'archive-json', 'oci-json', 'compression', 'outer-tar'] as const;
export type Family = (typeof FAMILIES)[number];

const CONTAINERS: Container[] = ['docker-legacy', 'docker-oci', 'oci-dir', 'oci-archive'];

function written(files: FileSet, container: Container, gzipOuter: boolean): (dir: string) => string {
  return (dir) => {
    if (container === 'oci-dir') {
      writeFileSetToDir(join(dir, 'layout'), files);
      return join(dir, 'layout');
    }
    const path = join(dir, gzipOuter ? 'image.tar.gz' : 'image.tar');
    writeFileSetToTar(path, files, { gzip: gzipOuter });
    return path;
  };
}

function layerCase(family: Family, r: Random, change: (tar: Buffer) => { tar: Buffer; what: string }): FuzzCase {
  const image = r.pick(seedImages());
  const i = r.int(image.layers.length);
  const { tar, what } = change(image.layers[i].tar);
  const recompute = r.chance(0.85);
  const layers = image.layers.map((l, k) => (k === i ? replaceLayer(l, { tar }, recompute) : l));
  const container = r.pick(CONTAINERS);
  return {
    family,
    what: `layer ${i + 1}: ${what}${recompute ? '' : ' (digests kept)'} in ${container}`,
    write: written(containerFiles(reassemble(image, layers), container), container, false),
  };
}

function compressionCase(r: Random): FuzzCase {
  const image = r.pick(seedImages().filter((im) => im.layers.some((l) => l.compression !== 'none')));
  const i = image.layers.findIndex((l) => l.compression !== 'none');
  const blob = Buffer.from(image.layers[i].blob);
  let what: string;
  let out: Buffer;
  const op = r.int(5);
  if (op === 0) {
    const at = r.int(blob.length);
    blob[at] ^= 1 + r.int(255);
    out = blob;
    what = `byte ${at} of ${blob.length} changed`;
  } else if (op === 1) {
    const n = r.int(blob.length);
    out = blob.subarray(0, n);
    what = `cut to ${n} of ${blob.length} bytes`;
  } else if (op === 2) {
    out = Buffer.concat([blob, Buffer.from(r.pick(['garbage', '\x1f\x8b\x08\x00', '\x28\xb5\x2f\xfd\x00']))]);
    what = 'bytes appended';
  } else if (op === 3) {
    out = gzipSync(Buffer.alloc(r.pick([1, 8, 64]) << 20), { level: 9 });
    what = `gzip of ${out.length} bytes inflating to zeros`;
  } else {
    out = Buffer.from([...blob.subarray(0, 4), ...Buffer.alloc(64, r.int(256))]);
    what = 'magic then noise';
  }
  const recompute = r.chance(0.5);
  const layers = image.layers.map((l, k) => (k === i ? replaceLayer(l, { blob: out }, recompute) : l));
  // Only OCI layouts keep a layer blob as it is (docker save archives hold plain tars).
  const container = r.pick(['oci-dir', 'oci-archive'] as const);
  return {
    family: 'compression',
    what: `layer ${i + 1} (${image.layers[i].compression}): ${what}${recompute ? '' : ' (digests kept)'} in ${container}`,
    write: written(containerFiles(reassemble(image, layers), container), container, false),
  };
}

/** manifest.json or the config of a docker save archive. */
function archiveJsonCase(r: Random): FuzzCase {
  const image = r.pick(seedImages());
  const container = r.pick(['docker-legacy', 'docker-oci'] as const);
  if (r.chance(0.5)) {
    const files = containerFiles(image, container);
    const { doc, what } = mutateJson(JSON.parse(files.get('manifest.json')!.toString()), r);
    files.set('manifest.json', jsonText(doc));
    return {
      family: 'archive-json',
      what: `manifest.json: ${what} in ${container}`,
      write: written(files, container, r.chance(0.2)),
    };
  }
  let what = '';
  const edited = reassemble(image, image.layers, { config: (c) => ({ what } = mutateConfig(c, r)) });
  return {
    family: 'archive-json',
    what: `config: ${what} in ${container}`,
    write: written(containerFiles(edited, container), container, false),
  };
}

function mutateConfig(c: any, r: Random): { what: string } {
  const { doc, what } = mutateJson(c, r);
  for (const k of Object.keys(c)) delete c[k];
  Object.assign(c, typeof doc === 'object' && doc ? doc : { broken: doc });
  return { what };
}

/** index.json, the image manifest or its descriptors in an OCI layout. */
function ociJsonCase(r: Random): FuzzCase {
  const image = r.pick(seedImages());
  const container = r.pick(['oci-dir', 'oci-archive'] as const);
  const target = r.int(3);
  if (target === 0) {
    const files = containerFiles(image, container);
    const { doc, what } = mutateJson(JSON.parse(files.get('index.json')!.toString()), r);
    files.set('index.json', jsonText(doc));
    return { family: 'oci-json', what: `index.json: ${what} in ${container}`, write: written(files, container, false) };
  }
  if (target === 1) return nestedIndexCase(image, container, r);
  let what = '';
  const edited = reassemble(image, image.layers, {
    manifest: (m) => {
      const out = mutateJson(m, r);
      what = out.what;
      for (const k of Object.keys(m)) delete m[k];
      Object.assign(m, out.doc);
    },
  });
  return {
    family: 'oci-json',
    what: `manifest: ${what} in ${container}`,
    write: written(containerFiles(edited, container), container, false),
  };
}

/** index.json pointing at an index that fans out to itself many times, or to a missing index. */
function nestedIndexCase(image: BuiltImage, container: 'oci-dir' | 'oci-archive', r: Random): FuzzCase {
  const files = containerFiles(image, container);
  const fan = r.pick([2, 10, 200]);
  const depth = r.pick([1, 3, 6, 20]);
  nestIndexes(files, fan, depth);
  return {
    family: 'oci-json',
    what: `nested indexes: fan-out ${fan}, depth ${depth} in ${container}`,
    write: written(files, container, false),
  };
}

/** The outer archive itself: cut short, a byte changed, a header field changed, or an extended header put in. */
function outerTarCase(r: Random): FuzzCase {
  const image = r.pick(seedImages());
  const container = r.pick(['docker-legacy', 'docker-oci', 'oci-archive'] as const);
  const files = containerFiles(image, container);
  const op = r.pick(['cut', 'flip', 'header', 'extended'] as const);
  const boundary = r.chance(0.5);
  const cut = r.next();
  const flip = r.int(1 << 30);
  const seed = r.int(1 << 30);
  let what: string =
    op === 'cut' ? `cut at ${(cut * 100).toFixed(1)}%${boundary ? ' (block boundary)' : ''}` : `byte #${flip} changed`;
  return {
    family: 'outer-tar',
    get what() {
      return `${what} in ${container}`;
    },
    write(dir) {
      const path = written(files, container, false)(dir);
      let bytes = readFileSync(path);
      if (op === 'cut') {
        let n = Math.floor(bytes.length * cut);
        if (boundary) n -= n % 512;
        bytes = bytes.subarray(0, n);
      } else if (op === 'flip') bytes[flip % bytes.length] ^= 0x5a;
      else {
        const changed =
          op === 'header' ? mutateHeader(bytes, new Random(seed)) : insertExtended(bytes, new Random(seed));
        bytes = changed.tar;
        what = `outer ${changed.what}`;
      }
      writeFileSync(path, bytes);
      return path;
    },
  };
}

export function makeCase(family: Family, r: Random): FuzzCase {
  switch (family) {
    case 'tar-header':
      return layerCase(family, r, (tar) => mutateHeader(tar, r));
    case 'pax-record':
      return layerCase(family, r, (tar) => insertExtended(tar, r));
    case 'archive-json':
      return archiveJsonCase(r);
    case 'oci-json':
      return ociJsonCase(r);
    case 'compression':
      return compressionCase(r);
    case 'outer-tar':
      return outerTarCase(r);
  }
}

/**
 * Writes the analysis benchmark image (never run by tests, never committed):
 *   bench/out/waste-plain/   OCI layout, uncompressed layers
 * About 320,000 entries in 5 layers, with every kind of waste the analysis looks at:
 *   1 base       60,000 library files (1–8 kB) and 400 apt lists
 *   2 modules    4,000 packages: 120,000 .js files, package.json and a test file each
 *   3 chmod      every file of layer 2 written again (a `chmod -R` layer)
 *   4 cleanup    1,000 packages and the apt lists deleted, 10 directories made opaque
 *   5 app        5,000 source files
 * Usage: npx tsx bench/generate-waste-image.ts [--scale 0.1]
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLayoutIndex } from './oci-layout.js';
import tar from 'tar-stream';

export const WASTE_IMAGE_DIR = fileURLToPath(new URL('./out/waste-plain', import.meta.url));
const POOL = randomBytes(8 * 1024 * 1024);

type Entry = { name: string; size?: number; dir?: boolean };

const chunk = (i: number, size: number) => {
  const at = (i * 7919) % (POOL.length - size);
  return POOL.subarray(at, at + size);
};

function* moduleFiles(n: (x: number) => number): Generator<Entry> {
  const packages = n(4_000);
  for (let i = 0; i < n(120_000); i++)
    yield { name: `app/node_modules/pkg${i % packages}/lib/f${i}.js`, size: 200 + ((i * 53) % 1800) };
  for (let p = 0; p < packages; p++) {
    yield { name: `app/node_modules/pkg${p}/package.json`, size: 300 };
    yield { name: `app/node_modules/pkg${p}/test/index.test.js`, size: 900 };
  }
}

function* layerEntries(layer: number, scale: number): Generator<Entry> {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  if (layer === 1) {
    for (let i = 0; i < n(60_000); i++)
      yield { name: `usr/lib/pkg${i % 300}/file${i}.so`, size: 1024 + ((i * 37) % 7168) };
    for (let i = 0; i < 400; i++) yield { name: `var/lib/apt/lists/list${i}_Packages`, size: 5000 };
  }
  if (layer === 2 || layer === 3) yield* moduleFiles(n);
  if (layer === 4) {
    for (let p = 0; p < n(1_000); p++) yield { name: `app/node_modules/.wh.pkg${p}`, size: 0 };
    yield { name: 'var/lib/apt/.wh.lists', size: 0 };
    for (let d = 0; d < 10; d++) {
      yield { name: `usr/lib/pkg${d}/.wh..wh..opq`, size: 0 };
      yield { name: `usr/lib/pkg${d}/replacement.so`, size: 4096 };
    }
  }
  if (layer === 5)
    for (let i = 0; i < n(5_000); i++) yield { name: `app/src/mod${i % 50}/f${i}.ts`, size: 500 + ((i * 11) % 3000) };
}

async function writeLayerTar(
  layer: number,
  scale: number,
  path: string,
): Promise<{ diffID: string; size: number; entries: number }> {
  const pack = tar.pack();
  const hash = createHash('sha256');
  let size = 0;
  pack.on('data', (c: Buffer) => {
    hash.update(c);
    size += c.length;
  });
  const out = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => out.on('finish', resolve).on('error', reject));
  pack.pipe(out);
  const dirs = new Set<string>();
  let entries = 0;
  for (const e of layerEntries(layer, scale)) {
    const parts = e.name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      pack.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, mtime: new Date(0) });
      entries++;
    }
    const body = chunk(entries, e.size ?? 0);
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        { name: e.name, size: body.length, mode: layer === 3 ? 0o755 : 0o644, mtime: new Date(0) },
        body,
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    entries++;
  }
  pack.finalize();
  await done;
  return { diffID: `sha256:${hash.digest('hex')}`, size, entries };
}

const LAYERS = [
  'ADD base.tar /',
  'RUN npm ci',
  'RUN chmod -R 755 /app',
  'RUN rm -rf unused packages and apt lists',
  'COPY src /app/src',
];

export async function generateWasteImage(dir = WASTE_IMAGE_DIR, scale = 1): Promise<number> {
  rmSync(dir, { recursive: true, force: true });
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const layers: Array<{ diffID: string; size: number }> = [];
  let entries = 0;
  for (let i = 1; i <= LAYERS.length; i++) {
    const tmp = join(dir, `layer${i}.tar`);
    const l = await writeLayerTar(i, scale, tmp);
    renameSync(tmp, join(blobs, l.diffID.slice(7)));
    layers.push(l);
    entries += l.entries;
  }
  const json = (o: unknown) => Buffer.from(JSON.stringify(o));
  const put = (b: Buffer) => {
    const digest = `sha256:${createHash('sha256').update(b).digest('hex')}`;
    writeFileSync(join(blobs, digest.slice(7)), b);
    return { digest, size: b.length };
  };
  const config = put(
    json({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffID) },
      history: LAYERS.map((c) => ({ created_by: `/bin/sh -c ${c}` })),
    }),
  );
  const manifest = put(
    json({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: layers.map((l) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: l.diffID,
        size: l.size,
      })),
    }),
  );
  writeLayoutIndex(dir, manifest, 'bench');

  return entries;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const scale = Number(process.argv[process.argv.indexOf('--scale') + 1]) || 1;
  const t0 = performance.now();
  const entries = await generateWasteImage(WASTE_IMAGE_DIR, scale);
  console.log(
    `${WASTE_IMAGE_DIR}: ${entries.toLocaleString('en-US')} entries in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/**
 * Writes the large benchmark image (never run by tests, never committed):
 *   bench/out/large-plain/   OCI layout, uncompressed layers (also the tars GNU tar lists)
 *   bench/out/large-gzip/    the same image with gzip layers (pigz)
 * About 1.1 GB and 205,000 files in 4 layers: a base of 20k small files, a node_modules
 * of 180k tiny files in 6,000 packages (each with a package.json), 40 large assets of 20 MB,
 * an app of 5k files.
 * Usage: npx tsx bench/generate-large-image.ts [--scale 0.1]
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLayoutIndex } from './oci-layout.js';
import tar from 'tar-stream';

const OUT = fileURLToPath(new URL('./out', import.meta.url));
const scale = Number(process.argv[process.argv.indexOf('--scale') + 1]) || 1;
const POOL = randomBytes(32 * 1024 * 1024);

interface FileSpec {
  name: string;
  size: number;
  /** The file's bytes when they matter (a package.json); else filler. */
  content?: Buffer;
}

/** A package.json of about 1 kB, as npm writes them, for the packages view and its cost. */
function packageJson(i: number): Buffer {
  const doc = {
    name: `pkg${i}`,
    version: `${1 + (i % 9)}.${i % 17}.${i % 5}`,
    description: 'A package of the benchmark image. '.repeat(12),
    main: 'lib/index.js',
    license: 'MIT',
    dependencies: Object.fromEntries(Array.from({ length: 6 }, (_, k) => [`pkg${(i + k + 1) % 6000}`, '^1.0.0'])),
  };
  return Buffer.from(JSON.stringify(doc, null, 2));
}

const pick = (i: number, size: number) =>
  POOL.subarray((i * 7919) % (POOL.length - size), ((i * 7919) % (POOL.length - size)) + size);

function* layerFiles(kind: string): Generator<FileSpec> {
  const n = (x: number) => Math.round(x * scale);
  if (kind === 'base')
    for (let i = 0; i < n(20_000); i++)
      yield { name: `usr/lib/pkg${i % 400}/file${i}.so`, size: 1024 + ((i * 37) % 7168) };
  if (kind === 'node_modules')
    for (let i = 0; i < n(180_000); i++) {
      // The first file of each of the 6,000 packages is its package.json.
      if (i < 6000) {
        const content = packageJson(i);
        yield { name: `app/node_modules/pkg${i}/package.json`, size: content.length, content };
      } else yield { name: `app/node_modules/pkg${i % 6000}/lib/f${i}.js`, size: 200 + ((i * 53) % 1800) };
    }
  if (kind === 'assets')
    for (let i = 0; i < n(40); i++) yield { name: `app/assets/blob${i}.bin`, size: 20 * 1024 * 1024 };
  if (kind === 'app')
    for (let i = 0; i < n(5_000); i++) yield { name: `app/src/mod${i % 50}/f${i}.ts`, size: 500 + ((i * 11) % 3000) };
}

async function writeLayerTar(kind: string, path: string): Promise<{ diffID: string; size: number; files: number }> {
  const pack = tar.pack();
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  pack.on('data', (c: Buffer) => hash.update(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  pack.pipe(out as unknown as NodeJS.WritableStream);
  const dirs = new Set<string>();
  let files = 0;
  for (const f of layerFiles(kind)) {
    const parts = f.name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) {
        dirs.add(dir);
        pack.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, mtime: new Date(0) });
      }
    }
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        { name: f.name, size: f.size, mode: 0o644, mtime: new Date(0) },
        f.content ?? pick(files, f.size),
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    files++;
  }
  pack.finalize();
  await done;
  return { diffID: `sha256:${hash.digest('hex')}`, size: statSync(path).size, files };
}

function sha256File(path: string): string {
  return `sha256:${execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]}`;
}

function writeLayout(
  dir: string,
  layers: Array<{ digest: string; size: number; mediaType: string }>,
  diffIDs: string[],
) {
  const blobs = join(dir, 'blobs', 'sha256');
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: diffIDs },
      history: ['base', 'node_modules', 'assets', 'app'].map((k) => ({ created_by: `/bin/sh -c generate ${k}` })),
    }),
  );
  const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
  writeFileSync(join(blobs, configDigest.slice(7)), config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers,
    }),
  );
  const manifestDigest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
  writeFileSync(join(blobs, manifestDigest.slice(7)), manifest);
  writeLayoutIndex(dir, { digest: manifestDigest, size: manifest.length }, 'large');
}

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  const plain = join(OUT, 'large-plain');
  const gzip = join(OUT, 'large-gzip');
  for (const d of [plain, gzip]) mkdirSync(join(d, 'blobs', 'sha256'), { recursive: true });
  const diffIDs: string[] = [];
  const plainLayers = [];
  const gzipLayers = [];
  for (const kind of ['base', 'node_modules', 'assets', 'app']) {
    const tmp = join(plain, `${kind}.tar`);
    const { diffID, size, files } = await writeLayerTar(kind, tmp);
    const target = join(plain, 'blobs', 'sha256', diffID.slice(7));
    renameSync(tmp, target);
    diffIDs.push(diffID);
    plainLayers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: diffID, size });
    const gz = join(gzip, `${kind}.tar.gz`);
    execFileSync('sh', ['-c', `pigz -6 -n -c "${target}" > "${gz}"`]);
    const digest = sha256File(gz);
    renameSync(gz, join(gzip, 'blobs', 'sha256', digest.slice(7)));
    gzipLayers.push({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest,
      size: statSync(join(gzip, 'blobs', 'sha256', digest.slice(7))).size,
    });
    console.log(`${kind}: ${files} files, ${(size / 1e6).toFixed(0)} MB tar`);
  }
  writeLayout(plain, plainLayers, diffIDs);
  writeLayout(gzip, gzipLayers, diffIDs);
  console.log(`wrote ${plain} and ${gzip}`);
}

await main();

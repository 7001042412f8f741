/**
 * `layerscope series` on four versions of the large benchmark image that differ only in the
 * top layer: a cold run (empty cache) against a warm re-run (the same cache: every step comes
 * from the step cache, so no layer is read, not even from the scan cache).
 *   npx tsx bench/generate-large-image.ts    (once; writes bench/out/large-plain)
 *   npm run build && npx tsx bench/series-cache.ts
 * Writes bench/out/series/v2…v4: OCI layouts whose three lower blobs are hard links to
 * large-plain's, plus a top layer of their own (5,000 files, like large-plain's app layer,
 * with version-specific content). v1 is large-plain itself. Both runs start with the blobs
 * in the page cache (read once before), so the cold run measures scanning, not the disk.
 * Prints wall time and peak RSS of each run, the warm/cold ratio, and the scan counters of
 * each run's JSON (layersScanned, layersFromCache, layersShared, bytesRead, stepsFromCache).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tar from 'tar-stream';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PLAIN = join(ROOT, 'bench/out/large-plain');
const SERIES = join(ROOT, 'bench/out/series');
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const blobPath = (layout: string, digest: string) => join(layout, 'blobs', 'sha256', digest.slice(7));
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** The app layer of version `v`: 5,000 small files, content seeded by the version. */
async function topLayer(v: number): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => pack.on('end', resolve));
  const dirs = new Set<string>();
  for (let i = 0; i < 5_000; i++) {
    const name = `app/src/mod${i % 50}/f${i}.ts`;
    for (const d of ['app', 'app/src', `app/src/mod${i % 50}`]) {
      if (!dirs.has(d)) pack.entry({ name: `${d}/`, type: 'directory', mode: 0o755, mtime: new Date(0) });
      dirs.add(d);
    }
    const body = Buffer.alloc(500 + ((i * 11) % 3000), `// version ${v}, file ${i}\n`);
    pack.entry({ name, size: body.length, mode: 0o644, mtime: new Date(0) }, body);
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

async function writeVersion(v: number): Promise<string> {
  const out = join(SERIES, `v${v}`);
  if (existsSync(join(out, 'index.json'))) return out;
  const index = readJson(join(PLAIN, 'index.json'));
  const manifest = readJson(blobPath(PLAIN, index.manifests[0].digest));
  const config = readJson(blobPath(PLAIN, manifest.config.digest));
  mkdirSync(join(out, 'blobs', 'sha256'), { recursive: true });
  const lower = manifest.layers.slice(0, -1);
  for (const l of lower) linkSync(blobPath(PLAIN, l.digest), blobPath(out, l.digest));
  const top = await topLayer(v);
  const topDigest = sha256(top);
  writeFileSync(blobPath(out, topDigest), top);
  config.rootfs.diff_ids = [...config.rootfs.diff_ids.slice(0, -1), topDigest];
  const configBytes = Buffer.from(JSON.stringify(config));
  writeFileSync(blobPath(out, sha256(configBytes)), configBytes);
  const layers = [
    ...lower,
    { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: topDigest, size: top.length },
  ];
  const manifestBytes = Buffer.from(
    JSON.stringify({
      ...manifest,
      config: { ...manifest.config, digest: sha256(configBytes), size: configBytes.length },
      layers,
    }),
  );
  writeFileSync(blobPath(out, sha256(manifestBytes)), manifestBytes);
  writeFileSync(join(out, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(
    join(out, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: MANIFEST, digest: sha256(manifestBytes), size: manifestBytes.length }],
    }),
  );
  return out;
}

interface Run {
  wall: number;
  /** user + system CPU seconds: steadier than wall time on a shared machine. */
  cpu: number;
  rssMB: number;
  scan: {
    layersScanned: number;
    layersFromCache: number;
    layersShared: number;
    bytesRead: number;
    stepsFromCache: number;
  };
}

function series(refs: string[], cache: string): Run {
  const timing = join(cache, 'time.txt');
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %U %S %M', '-o', timing, process.execPath, join(ROOT, 'bin/layerscope.js'), 'series', '--json', ...refs],
    {
      env: { ...process.env, XDG_CACHE_HOME: cache },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (r.status !== 0) throw new Error(`series failed: ${r.stderr}`);
  const [wall, user, sys, kb] = readFileSync(timing, 'utf8').trim().split(/\s+/).map(Number);
  return { wall, cpu: user + sys, rssMB: Math.round(kb / 1024), scan: JSON.parse(r.stdout).scan };
}

async function main() {
  if (!existsSync(join(PLAIN, 'index.json'))) throw new Error('run first: npx tsx bench/generate-large-image.ts');
  const layouts = [PLAIN, ...(await Promise.all([2, 3, 4].map(writeVersion)))];
  const refs = layouts.map((l) => `oci:${l}`);
  execFileSync('sh', ['-c', `cat ${layouts.map((l) => `"${l}"/blobs/sha256/*`).join(' ')} > /dev/null`]);
  const cache = mkdtempSync(join(tmpdir(), 'layerscope-series-bench-'));
  try {
    const cold = series(refs, cache);
    const warm = series(refs, cache);
    const line = (name: string, r: Run) =>
      `${name.padEnd(5)} ${r.wall.toFixed(2).padStart(7)} s wall ${r.cpu.toFixed(2).padStart(7)} s cpu ${String(r.rssMB).padStart(6)} MB  layersScanned=${r.scan.layersScanned} layersFromCache=${r.scan.layersFromCache} layersShared=${r.scan.layersShared} bytesRead=${r.scan.bytesRead} stepsFromCache=${r.scan.stepsFromCache}`;
    console.log(`series of ${refs.length} versions (${refs.join(' ')})`);
    console.log(line('cold', cold));
    console.log(line('warm', warm));
    console.log(
      `warm / cold: ${((warm.wall / cold.wall) * 100).toFixed(1)}% wall, ${((warm.cpu / cold.cpu) * 100).toFixed(1)}% cpu  (target ≤ 10%)`,
    );
    console.log(
      `distinct layers: 3 shared + ${refs.length} tops = ${3 + refs.length}; cold layersScanned = ${cold.scan.layersScanned}`,
    );
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

await main();

/**
 * diff and series through the CLI on generated images: reuse, pull, new bytes and inodes,
 * file changes and churn as known by construction (see generated-series.ts), across sources.
 */
import { STEP_FORMAT_VERSION } from '../../src/cli/steps/step-codec.js';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeDockerArchive, writeOciLayout, type BuiltImage } from '../fixtures/image-builder/index.js';
import { copyEverything, generatedSeries } from './generated-series.js';

let dir: string;
let v: BuiltImage[];
const oci = (i: number) => `oci:${join(dir, 'series')}:${i + 1}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-series-'));
  v = generatedSeries();
  writeOciLayout(
    join(dir, 'series'),
    v.map((image, i) => ({ image, tag: String(i + 1) })),
  );
  writeDockerArchive(join(dir, 'v2.tar'), [{ image: v[1], tags: ['app:2'] }], { format: 'oci' });
  writeOciLayout(
    join(dir, 'copy'),
    copyEverything().map((image, i) => ({ image, tag: String(i + 1) })),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blob = (image: BuiltImage, i: number) => image.layers[i].blob.length;

async function json(args: string[], env?: NodeJS.ProcessEnv) {
  const r = await runCli([...args, '--json'], { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('layerscope series (generated)', () => {
  it('code-only, dependency and base changes: reuse, pull, new bytes and inodes per step', async () => {
    const s = await json(['series', oci(0), oci(1), oci(2), oci(3)]);
    expect(s).toMatchObject({ schemaVersion: 2, kind: 'series' });
    const [code, deps, base] = s.steps;
    expect(code.layers.rows.map((r: { status: string }) => r.status)).toEqual(['shared', 'shared', 'new']);
    expect(code.layers.byChainID).toEqual({ shared: 2, new: 1, sharedSize: 51_000, ratio: 51_000 / 64_000 });
    expect(code.layers.pull).toEqual({ bytes: blob(v[1], 2), estimated: false, basis: 'blob', estimatedBytes: 0 });
    expect(code.layers.newDisk).toEqual({ size: 13_000, inodes: 2, files: 1 });

    expect(deps.layers.rows.map((r: { status: string }) => r.status)).toEqual(['shared', 'new', 'same-content']);
    expect(deps.layers.byDiffID).toMatchObject({ shared: 2, new: 1, sharedSize: 34_000 });
    expect(deps.layers.pull.bytes).toBe(blob(v[2], 1) + blob(v[2], 2));
    expect(deps.layers.newDisk).toEqual({ size: 46_000, inodes: 26, files: 12 });

    expect(base.layers.rows.map((r: { status: string; layerOfA: number | null }) => [r.status, r.layerOfA])).toEqual([
      ['new', null],
      ['same-content', 2],
      ['same-content', 3],
    ]);
    expect(base.layers.byChainID).toMatchObject({ shared: 0, new: 3, sharedSize: 0, ratio: 0 });
    expect(base.layers.byDiffID).toMatchObject({ shared: 2, sharedSize: 46_000 });
    expect(base.layers.pull.bytes).toBe(blob(v[3], 0) + blob(v[3], 1) + blob(v[3], 2));
    expect(base.layers.newDisk).toEqual({ size: 67_100, inodes: 30, files: 14 });

    expect(s.totals).toMatchObject({
      steps: 3,
      sharedLayers: 3,
      newLayers: 6,
      newDiskSize: 126_100,
      newInodes: 58,
      hostSize: 63_000 + 126_100,
      hostInodes: 28 + 58,
    });
    expect(s.alwaysNew).toMatchObject({
      layer: 3,
      layersAbove: 0,
      cumulative: { diskSize: 39_000, inodes: 6, pullEstimated: false },
    });
    expect(s.trend.map((t: { size: number; newSize: number | null }) => [t.size, t.newSize])).toEqual([
      [63_000, null],
      [64_000, 13_000],
      [67_000, 46_000],
      [67_100, 67_100],
    ]);
    // six distinct layers, each read once; the others come from the run's memory
    expect(s.scan).toMatchObject({ layersScanned: 6, layersFromCache: 0, layersShared: 6, stepsFromCache: 0 });
  });

  it('file diff: sizes, content hashes and directories per step', async () => {
    const s = await json(['series', oci(0), oci(1), oci(2), oci(3)]);
    const [code, deps, base] = s.steps.map((x: { files: unknown }) => x.files);
    expect(code).toMatchObject({
      contentCompared: true,
      added: { files: 0, dirs: 0 },
      removed: { files: 0 },
      modified: { files: 1, dirs: 0, bytes: 1_000 },
    });
    expect(code.largestChanges).toEqual([
      {
        path: '/app/src/main.js',
        change: 'modified',
        type: 'file',
        bytesBefore: 12_000,
        bytesAfter: 13_000,
        bytesDelta: 1_000,
        inodesDelta: 0,
        reasons: ['size'],
      },
    ]);
    expect(
      code.topDirectories.byBytes.map((d: { path: string; bytesDelta: number }) => [d.path, d.bytesDelta]),
    ).toEqual([
      ['/app', 1_000],
      ['/app/src', 1_000],
    ]);
    expect(deps).toMatchObject({
      added: { files: 1, dirs: 1, bytes: 3_000, inodes: 2 },
      removed: { files: 0, dirs: 0 },
      modified: { files: 1, bytes: 0 },
    });
    expect(deps.largestChanges.find((c: { path: string }) => c.path === '/app/node_modules/p3/index.js')).toMatchObject(
      { change: 'modified', reasons: ['content'] },
    );
    expect(deps.topDirectories.byInodes[0]).toEqual({ path: '/app', bytesDelta: 3_000, inodesDelta: 2 });
    expect(deps.net).toEqual({ bytes: 3_000, inodes: 2 });
    expect(base).toMatchObject({ added: { files: 0 }, removed: { files: 0 }, modified: { files: 1, bytes: 100 } });
    expect(base.largestChanges.map((c: { path: string }) => c.path)).toEqual(['/etc/os-release']);
  });

  it('churn: unchanged bytes of each new layer, with the Dockerfile fix', async () => {
    const s = await json(['series', oci(0), oci(1), oci(2), oci(3)]);
    const [code, deps, base] = s.steps.map((x: { churn: unknown }) => x.churn);
    expect(code).toEqual([
      expect.objectContaining({
        layer: 3,
        files: 1,
        bytes: 13_000,
        unchangedFiles: 0,
        unchangedBytes: 0,
        finding: null,
      }),
    ]);
    expect(deps[0]).toMatchObject({
      layer: 2,
      status: 'new',
      files: 11,
      bytes: 33_000,
      unchangedFiles: 9,
      unchangedBytes: 27_000,
      finding: { kind: 'dependency-update', path: '/app/node_modules' },
    });
    expect(deps[1]).toMatchObject({
      layer: 3,
      status: 'same-content',
      layerOfA: 3,
      unchangedBytes: 13_000,
      finding: { kind: 'rebuilt' },
    });
    expect(base[0]).toMatchObject({
      layer: 1,
      files: 2,
      bytes: 21_100,
      unchangedFiles: 1,
      unchangedBytes: 20_000,
      finding: { kind: 'base-update', path: '/bin' },
    });
    expect(base.slice(1).map((c: { finding: { kind: string } }) => c.finding.kind)).toEqual(['rebuilt', 'rebuilt']);
  });

  it('says when COPY . /app rebuilt an unchanged node_modules', async () => {
    const ref = (i: number) => `oci:${join(dir, 'copy')}:${i}`;
    const d = await json(['diff', ref(1), ref(2)]);
    expect(d.churn).toEqual([
      expect.objectContaining({
        layer: 2,
        files: 11,
        bytes: 32_500,
        unchangedFiles: 10,
        unchangedBytes: 30_000,
        finding: expect.objectContaining({ kind: 'node-modules', path: '/app/node_modules' }),
      }),
    ]);
    const text = await runCli(['diff', ref(1), ref(2)]);
    expect(text.stdout).toContain(
      'layer 2 `COPY dir:app in /app` changed, but 30.0 kB of its 32.5 kB is unchanged node_modules (/app/node_modules): copy package*.json and install dependencies before copying the code',
    );
    const md = await runCli(['diff', '--markdown', ref(1), ref(2)]);
    expect(md.stdout).toMatch(/^### Image diff: `oci:.*copy:1` → `oci:.*copy:2`$/m);
    expect(md.stdout).toContain('| 2 | new | 32.5 kB |');
    expect(md.stdout).toContain(
      '- layer 2 `COPY dir:app in /app` changed, but 30.0 kB of its 32.5 kB is unchanged node_modules',
    );
  });

  it('compares across sources, estimating the pull of a plain-tar layer as its gzip -6', async () => {
    const d = await json(['diff', oci(0), `docker-archive:${join(dir, 'v2.tar')}`]);
    expect(d.layers.rows.map((r: { status: string }) => r.status)).toEqual(['shared', 'shared', 'new']);
    const gzip6 = gzipSync(v[1].layers[2].tar, { level: 6 }).length; // a small layer: deflated whole, exact
    expect(d.layers.pull).toEqual({ bytes: gzip6, estimated: true, basis: 'gzip-estimate', estimatedBytes: gzip6 });
    expect(d.layers.rows[2]).toMatchObject({ pullBytes: gzip6, pullEstimated: true });
    const text = await runCli(['diff', oci(0), `docker-archive:${join(dir, 'v2.tar')}`]);
    expect(text.stdout).toMatch(/^Pull +≈\S+ \S+ for a host that holds A \(1 new layer\)$/m);
    expect(text.stdout).toMatch(
      /^≈ estimated: layers stored as plain tars count as docker push sends them, the tar gzipped at level 6/m,
    );
    expect(text.stdout).not.toContain('~');
  });
});

describe('layerscope series: text and markdown', () => {
  it('per-step table, totals, the layer new in every release, trend bars', async () => {
    const refs = [oci(0), oci(1), oci(2), oci(3)];
    const text = (await runCli(['series', ...refs])).stdout;
    expect(text).toMatch(
      /^ *STEP +FROM → TO +SHARED +NEW +PULL +NEW ON DISK +NEW INODES +REUSE +ADDED +REMOVED +MODIFIED$/m,
    );
    expect(text).toMatch(/^ +1 +series:1 → series:2 +2\/3 +1 +\S+ B +13\.0 kB +2 +79\.7% +0 +0 +1$/m);
    expect(text).toMatch(/^total +3 +6 +\S+ kB +126 kB +58 +36\.3% +1 +0 +3$/m);
    expect(text).toMatch(
      /^Every release +layer 3 `COPY dir:app in \/app` is new in all 3 steps: \S+ \S+ pulled, 39\.0 kB and 6 inodes added in total$/m,
    );
    // sizes 63,000 / 64,000 / 67,000 / 67,100 B on a 24-cell bar; new bytes 13,000 / 46,000 / 67,100
    expect(text).toMatch(/^series:4 +67\.1 kB +█{24} +67\.1 kB +█{24}$/m);
    expect(text).toMatch(/^series:1 +63\.0 kB +█{22}▌$/m);
    expect(text).toMatch(/^series:2 +64\.0 kB +█{22}▉ +13\.0 kB +████▋$/m);
    const md = (await runCli(['series', '--markdown', ...refs])).stdout;
    expect(md).toMatch(/^### Release series: `series:1` → `series:2` → `series:3` → `series:4`$/m);
    expect(md).toContain('| **total** |  | **3** | **6** |');
    expect(md).toMatch(
      /^- `series:3` → `series:4`: layers 2 `RUN npm ci`, 3 `COPY dir:app in \/app` have the same content as before \(46\.0 kB\), yet hosts pull them again/m,
    );
  });
});

describe('series, diff and the caches', () => {
  const xdg = (name: string) => ({ XDG_CACHE_HOME: join(dir, name) });
  /** The JSON output without the run's counters, as printed. */
  const withoutCounters = (stdout: string) => stdout.replace(/\n  "scan": \{[^}]*\}/, '');
  const noScan = { layersScanned: 0, layersFromCache: 0, layersShared: 0, bytesRead: 0 };

  it('a second run reads no layer: every step comes from the step cache, the output byte for byte the same', async () => {
    const refs = [oci(0), oci(1), oci(2), oci(3)];
    const env = xdg('warm');
    const cold = await runCli(['series', '--json', ...refs], { env });
    expect(JSON.parse(cold.stdout).scan).toEqual({
      layersScanned: 6,
      layersFromCache: 0,
      layersShared: 6,
      bytesRead: expect.any(Number),
      stepsFromCache: 0,
    });
    const warm = await runCli(['series', '--json', ...refs], { env });
    expect(warm.stderr).toBe('');
    expect(JSON.parse(warm.stdout).scan).toEqual({ ...noScan, stepsFromCache: 3 });
    expect(withoutCounters(warm.stdout)).toBe(withoutCounters(cold.stdout));
    for (const format of [[], ['--markdown']]) {
      const fresh = await runCli(['--no-cache', 'series', ...format, ...refs]);
      const cached = await runCli(['series', ...format, ...refs], { env });
      expect(cached.stdout).toBe(fresh.stdout);
    }
    const diffCold = await runCli(['diff', oci(1), oci(2)], { env: xdg('diff') });
    const diffWarm = await runCli(['diff', '--json', oci(1), oci(2)], { env: xdg('diff') });
    expect(JSON.parse(diffWarm.stdout).scan).toEqual({ ...noScan, stepsFromCache: 1 });
    expect((await runCli(['diff', oci(1), oci(2)], { env: xdg('diff') })).stdout).toBe(diffCold.stdout);
    // --top is part of the key: another --top is another step
    const top = JSON.parse(
      (await runCli(['diff', '--json', '--top', '1', oci(1), oci(2)], { env: xdg('diff') })).stdout,
    );
    expect(top.scan).toMatchObject({ layersScanned: 0, layersFromCache: 4, layersShared: 2, stepsFromCache: 0 });
    expect(top.files.topDirectories.byBytes).toHaveLength(1);
  });

  it('a new step scans only its images, the layers known before from the scan cache', async () => {
    const env = xdg('grow');
    const first = await json(['series', oci(0), oci(1)], env);
    expect(first.scan).toMatchObject({ layersScanned: 4, layersFromCache: 0, stepsFromCache: 0 });
    const grown = await json(['series', oci(0), oci(1), oci(2)], env);
    // step 1 from the step cache (v1 not read); step 2 reads v2 from the scan cache and only v3's new layer
    expect(grown.scan).toEqual({
      layersScanned: 1,
      layersFromCache: 3,
      layersShared: 2,
      bytesRead: blob(v[2], 1),
      stepsFromCache: 1,
    });
    const fresh = await json(['--no-cache', 'series', oci(0), oci(1), oci(2)]);
    expect(grown.steps).toEqual(fresh.steps);
    expect(grown.versions).toEqual(fresh.versions);
  });

  it('a damaged or foreign step file is ignored and rewritten; --no-cache reads and writes neither cache', async () => {
    const refs = [oci(0), oci(1), oci(2), oci(3)];
    const env = xdg('damage');
    const cold = await json(['series', ...refs], env);
    const steps = join(dir, 'damage', 'layerscope', `steps-v${STEP_FORMAT_VERSION}`);
    const files = readdirSync(steps).sort();
    expect(files).toHaveLength(3);
    const [first, second] = files;
    writeFileSync(join(steps, first), 'damaged');
    // a valid step file under another step's name: its key does not match
    writeFileSync(join(steps, second), readFileSync(join(steps, files[2])));
    const repaired = await json(['series', ...refs], env);
    expect(repaired.scan).toMatchObject({ layersScanned: 0, stepsFromCache: 1 });
    expect(repaired.scan.layersFromCache).toBeGreaterThan(0);
    expect(repaired.steps).toEqual(cold.steps);
    const again = await json(['series', ...refs], env);
    expect(again.scan).toEqual({ ...noScan, stepsFromCache: 3 });
    expect(again.steps).toEqual(cold.steps);

    const bypass = await json(['--no-cache', 'series', ...refs], env);
    expect(bypass.scan).toMatchObject({ layersScanned: 6, layersFromCache: 0, stepsFromCache: 0 });
    const untouched = xdg('untouched');
    await json(['--no-cache', 'series', ...refs], untouched);
    expect(existsSync(join(dir, 'untouched'))).toBe(false);
  });

  it('cache info counts the steps and cache prune removes them', async () => {
    const env = xdg('prune');
    await json(['series', oci(0), oci(1), oci(2)], env);
    const info = JSON.parse((await runCli(['cache', 'info', '--json'], { env })).stdout);
    expect(info).toMatchObject({ kind: 'cache-info', entries: 5, steps: { entries: 2, bytes: expect.any(Number) } });
    expect((await runCli(['cache', 'info'], { env })).stdout).toMatch(/^5 layer scans, .*\n2 comparison steps, /m);
    expect((await runCli(['cache', 'prune', '--older-than', '1d'], { env })).stdout).toMatch(
      /^removed 0 layer scans and 0 comparison steps/,
    );
    expect((await runCli(['cache', 'prune'], { env })).stdout).toMatch(
      /^removed 5 layer scans and 2 comparison steps, /,
    );
    expect(JSON.parse((await runCli(['cache', 'info', '--json'], { env })).stdout)).toMatchObject({
      entries: 0,
      steps: { entries: 0 },
    });
  });
});

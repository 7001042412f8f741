/**
 * The footprint estimate against a real engine: a generated release series (release-series.ts,
 * one version with ~3,800 node_modules entries) is loaded with `docker load` one version at a
 * time, and what the data root gains is measured with du (disk usage, `--block-size=1`: the
 * blocks allocated, not apparent sizes) and by counting distinct inodes with find, then
 * compared with `layerscope footprint --loaded --json`: within ±10% for bytes and inodes.
 *
 * What is measured: everything the engine writes for these images — overlay2/<cache-id>/,
 * overlay2/l/<link>, image/overlay2/layerdb/sha256/<chain-id>/ and the image config (and
 * imagedb/metadata/ if written) — found from the chain IDs through each layer's cache-id.
 * Other tests load images into the same engine at the same time, so the growth of the whole
 * data root is printed for information only; the growth of the shared directories themselves
 * (overlay2/, l/, layerdb/sha256/) and of repositories.json is not attributed to any image.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage, chainIDs, writeDockerArchive, type BuiltImage } from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';
import { docker, useEngine } from '../helpers/engine.js';
import { releaseSeries } from './release-series.js';

const HAS_ENGINE = useEngine();
const DRIVER = HAS_ENGINE ? docker(['info', '--format', '{{.Driver}}']).trim() : 'none';
const DATA_ROOT = HAS_ENGINE ? docker(['info', '--format', '{{.DockerRootDir}}']).trim() : '';
const IS_ROOT = process.getuid?.() === 0;
const TOLERANCE = 0.1;

interface Usage {
  bytes: number;
  inodes: number;
}

/** The data-root paths that belong to these images (those that exist now). */
function imagePaths(images: BuiltImage[]): string[] {
  const paths = new Set<string>();
  for (const image of images) {
    const idHex = image.configDigest.slice('sha256:'.length);
    for (const p of [
      `image/overlay2/imagedb/content/sha256/${idHex}`,
      `image/overlay2/imagedb/metadata/sha256/${idHex}`,
    ]) {
      if (existsSync(join(DATA_ROOT, p))) paths.add(join(DATA_ROOT, p));
    }
    for (const chainID of chainIDs(image)) {
      const layerdb = join(DATA_ROOT, 'image/overlay2/layerdb/sha256', chainID.slice('sha256:'.length));
      if (!existsSync(layerdb)) continue;
      const layerDir = join(DATA_ROOT, 'overlay2', readFileSync(join(layerdb, 'cache-id'), 'utf8').trim());
      paths
        .add(layerdb)
        .add(layerDir)
        .add(join(DATA_ROOT, 'overlay2/l', readFileSync(join(layerDir, 'link'), 'utf8').trim()));
    }
  }
  return [...paths];
}

/** du's disk usage (hard links once) and the number of distinct inodes below the paths. */
function measure(paths: string[]): Usage {
  if (paths.length === 0) return { bytes: 0, inodes: 0 };
  const du = execFileSync('du', ['-s', '-c', '--block-size=1', ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const bytes = Number(du.trim().split('\n').pop()!.split(/\s+/)[0]);
  const inodes = new Set(
    execFileSync('find', [...paths, '-printf', '%i\\n'], { encoding: 'utf8', maxBuffer: 256 << 20 })
      .split('\n')
      .filter(Boolean),
  ).size;
  return { bytes, inodes };
}

/** The whole data root, for information: other tests add and remove images meanwhile, so files may vanish mid-walk. */
function measureRoot(): Usage {
  const du = spawnSync('du', ['-s', '--block-size=1', DATA_ROOT], { encoding: 'utf8' });
  const find = spawnSync('find', [DATA_ROOT, '-ignore_readdir_race', '-printf', '%i\\n'], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  return { bytes: Number(du.stdout.split(/\s+/)[0]), inodes: new Set(find.stdout.split('\n').filter(Boolean)).size };
}

const error = (estimate: number, measured: number) => estimate / measured - 1;
const pct = (e: number) => `${e >= 0 ? '+' : ''}${(e * 100).toFixed(2)}%`;

describe.skipIf(!HAS_ENGINE || !IS_ROOT || DRIVER !== 'overlay2')(
  `footprint against the real engine (needs an overlay2 engine and root to read its data root; here: driver ${DRIVER}, ${IS_ROOT ? 'root' : 'not root'})`,
  () => {
    const salt = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    const repo = `layerscope-test/footprint-${salt}`;
    const tags = ['v1', 'v2', 'v3'].map((v) => `${repo}:${v}`);
    let dir = '';
    let images: BuiltImage[] = [];
    let archives: string[] = [];

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'layerscope-footprint-'));
      images = releaseSeries(salt).map((spec) => buildImage(spec));
      archives = images.map((image, i) => {
        const file = join(dir, `v${i + 1}.tar`);
        writeDockerArchive(file, [{ image, tags: [tags[i]] }], { format: 'legacy' });
        return file;
      });
    });

    afterAll(() => {
      for (const tag of tags) execFileSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' });
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('estimates each docker load within ±10% of the bytes and inodes the data root gains', async () => {
      const blockSize = statfsSync(DATA_ROOT).bsize;
      const run = await runCli(
        [
          'footprint',
          ...archives.map((a) => `docker-archive:${a}`),
          '--loaded',
          '--json',
          '--block-size',
          String(blockSize),
        ],
        { timeoutMs: 300_000 },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout);
      const lines: string[] = [];
      for (let i = 0; i < images.length; i++) {
        const before = measure(imagePaths(images.slice(0, i + 1)));
        const rootBefore = measureRoot();
        docker(['load', '-q', '-i', archives[i]]);
        const after = measure(imagePaths(images.slice(0, i + 1)));
        const rootAfter = measureRoot();
        const gained = { bytes: after.bytes - before.bytes, inodes: after.inodes - before.inodes };
        const step = report.deploy.steps[i];
        const errors = [
          error(step.added.bytes, gained.bytes),
          error(step.added.inodes, gained.inodes),
          error(step.after.bytes, after.bytes),
          error(step.after.inodes, after.inodes),
        ];
        lines.push(
          `load v${i + 1}: gained ${gained.bytes} B / ${gained.inodes} inodes, estimated ${step.added.bytes} B / ${step.added.inodes} (${pct(errors[0])} / ${pct(errors[1])}); ` +
            `all loaded so far ${after.bytes} B / ${after.inodes}, estimated ${step.after.bytes} B / ${step.after.inodes} (${pct(errors[2])} / ${pct(errors[3])}); ` +
            `whole data root ${rootAfter.bytes - rootBefore.bytes} B / ${rootAfter.inodes - rootBefore.inodes} inodes (shared engine: information only)`,
        );
        for (const e of errors) expect(Math.abs(e)).toBeLessThanOrEqual(TOLERANCE);
      }
      console.log(`footprint vs overlay2 data root (${DATA_ROOT}, ${blockSize}-byte blocks):\n  ${lines.join('\n  ')}`);
      // v3's app layer is v2's, byte for byte, on another parent: stored a second time
      const app = report.layers.filter((l: { diffID: string }) => l.diffID === images[1].layers[2].diffID);
      expect(app).toHaveLength(2);
      expect(app[1].sameDiffIDAs).not.toBeNull();
    });

    it("reads the same images from the engine, and with a bare --host the engine's data root and store", async () => {
      // after the measurements: exporting an image mounts its top layer, which adds work/work
      const fromArchives = await runCli(
        ['footprint', `docker-archive:${archives[1]}`, `docker-archive:${archives[2]}`, '--loaded', '--json'],
        { timeoutMs: 300_000 },
      );
      const fromEngine = await runCli(
        ['footprint', `docker:${tags[1]}`, `docker:${tags[2]}`, '--loaded', '--json', '--host'],
        { timeoutMs: 300_000 },
      );
      expect(fromEngine.stderr).toBe('');
      expect(fromEngine.code).toBe(0);
      const engine = JSON.parse(fromEngine.stdout);
      const archive = JSON.parse(fromArchives.stdout);
      expect(engine.model).toMatchObject({ store: 'overlay2', blockSize: statfsSync(DATA_ROOT).bsize });
      expect(engine.fit.host.path).toBe(DATA_ROOT);
      expect(engine.total).toEqual(archive.total);
      expect(engine.layers.map((l: { chainID: string }) => l.chainID)).toEqual(
        archive.layers.map((l: { chainID: string }) => l.chainID),
      );
    });
  },
);

/**
 * The engine source against the real engine, on images built here from Dockerfiles
 * (test/daemon/images). Conformance: the engine's scan equals the scan of `docker save` of
 * the same image read as docker-archive; the history rows equal `docker history`, empty
 * layers included; `--quick` sizes equal docker history's and no layer is ever exported.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImage } from '../../src/source/open-image.js';
import { conformanceImage, scanReference } from '../helpers/conformance.js';
import { writeDockerArchive } from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';
import { docker, useEngine } from '../helpers/engine.js';
import { buildTestImage, dockerHistory, removeImages, saveImage, uniqueTag } from './engine-images.js';
import { startEngineProxy } from './engine-proxy.js';

// Skips only where no engine answers; in CI (LAYERSCOPE_REQUIRE_DOCKER=1) useEngine() throws instead.
const engine = useEngine();
const tags = { app: uniqueTag('app'), 'node-tree': uniqueTag('node-tree'), conformance: uniqueTag('conformance') };
const ids: Record<string, string> = {};
let dir: string;

const NAMES = ['app', 'node-tree'] as const;
const saved = (name: string) => `docker-archive:${join(dir, `${name}.tar`)}`;

beforeAll(() => {
  if (!engine) return;
  dir = mkdtempSync(join(tmpdir(), 'layerscope-daemon-'));
  ids.app = buildTestImage('app', tags.app);
  ids['node-tree'] = buildTestImage('node-tree', tags['node-tree'], { BASE: tags.app });
  for (const name of NAMES) saveImage(tags[name], join(dir, `${name}.tar`));
  writeDockerArchive(join(dir, 'conformance.tar'), [{ image: conformanceImage(), tags: [tags.conformance] }], {
    format: 'legacy',
  });
  docker(['load', '-q', '-i', join(dir, 'conformance.tar')]);
});

afterAll(() => {
  if (!engine) return;
  removeImages([tags['node-tree'], tags.app, tags.conformance]);
  rmSync(dir, { recursive: true, force: true });
});

async function inspectJson(args: string[], env?: NodeJS.ProcessEnv) {
  const r = await runCli(['inspect', '--json', ...args], { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe.skipIf(!engine)('engine source (real engine)', () => {
  it.each(NAMES)('%s: the engine scan equals the scan of its docker save', async (name) => {
    const fromEngine = await scanReference(`docker:${tags[name]}`);
    const fromSave = await scanReference(saved(name));
    expect(fromEngine.summary).toEqual(fromSave.summary);
    expect(fromEngine.image.id).toBe(ids[name]);
    expect(fromEngine.image.id).toBe(fromSave.image.id);
    expect(fromEngine.image.layers.map((l) => l.diffID)).toEqual(fromSave.image.layers.map((l) => l.diffID));
    expect(fromEngine.image.history).toEqual(fromSave.image.history);
    expect(fromEngine.image.platform).toEqual(fromSave.image.platform);
  });

  it('opens an engine layer on its own: its bytes hash to the diffID; a reader that stops early ends the export', async () => {
    const image = await openImage(`docker:${tags.app}`);
    try {
      for (const layer of [image.layers[0], image.layers[image.layers.length - 1]]) {
        const hash = createHash('sha256');
        for await (const chunk of await layer.openBlob()) hash.update(chunk as Buffer);
        expect(`sha256:${hash.digest('hex')}`).toBe(layer.diffID);
      }
      const early = await image.layers[0].openBlob();
      await new Promise<void>((resolve, reject) => early.once('data', () => resolve()).once('error', reject));
      early.destroy();
      await new Promise((resolve) => early.once('close', resolve));
    } finally {
      await image.close();
    }
  });

  it('the shared conformance image (PAX and GNU long names, non-UTF-8 names, devices, whiteouts), loaded into the engine', async () => {
    const fromEngine = await scanReference(`docker:${tags.conformance}`);
    const reference = await scanReference(`docker-archive:${join(dir, 'conformance.tar')}`);
    expect(fromEngine.summary).toEqual(reference.summary);
    expect(fromEngine.image.id).toBe(conformanceImage().configDigest);
    expect(fromEngine.image.history).toEqual(reference.image.history);
  });

  it.each(NAMES)('%s: the report equals the docker-archive report, row for row', async (name) => {
    const engineReport = await inspectJson([`docker:${tags[name]}`]);
    const saveReport = await inspectJson([saved(name)]);
    // The engine names no blob (its export is a transport, not a stored blob), so it has no
    // compression to report, cached or not; the saved archive's blobs are plain tars.
    expect(
      engineReport.rows
        .map((r: { compression: string | null }) => r.compression)
        .filter((c: string | null) => c !== null),
    ).toEqual([]);
    const withoutCompression = (rows: Array<Record<string, unknown>>) => rows.map(({ compression: _c, ...row }) => row);
    expect(withoutCompression(engineReport.rows)).toEqual(withoutCompression(saveReport.rows));
    expect(engineReport.totals).toEqual(saveReport.totals);
    expect(engineReport.image).toMatchObject({
      source: 'docker',
      id: ids[name],
      repoTags: [tags[name]],
      scanned: true,
    });
  });

  it.each(NAMES)('%s: history rows match docker history, empty layers included', async (name) => {
    const history = dockerHistory(tags[name]);
    for (const quick of [true, false]) {
      const report = await inspectJson([...(quick ? ['--quick'] : []), `docker:${tags[name]}`]);
      expect(report.rows.map((r: { createdBy: string }) => r.createdBy)).toEqual(history.map((h) => h.createdBy));
      // Scanned sizes (file bytes + symlink targets) are counted as the engine counts them.
      expect(report.rows.map((r: { size: number }) => r.size)).toEqual(history.map((h) => h.size));
    }
    // Which entries own a layer, from metadata alone, equals the image config's empty_layer flags.
    const quick = await inspectJson(['--quick', `docker:${tags[name]}`]);
    const image = await openImage(saved(name));
    await image.close();
    expect(quick.rows.map((r: { emptyLayer: boolean }) => r.emptyLayer)).toEqual(
      image.history.map((h) => h.emptyLayer),
    );
    expect(quick.rows.filter((r: { emptyLayer: boolean }) => r.emptyLayer).length).toBeGreaterThanOrEqual(3);
  });

  it.each(NAMES)('%s: --quick sizes equal docker history sizes', async (name) => {
    const history = dockerHistory(tags[name]);
    const quick = await inspectJson(['--quick', `docker:${tags[name]}`]);
    expect(quick.rows.map((r: { size: number }) => r.size)).toEqual(history.map((h) => h.size));
    expect(quick.totals.size).toBe(history.reduce((a, h) => a + h.size, 0));
    expect(quick.image.scanned).toBe(false);
    expect(
      quick.rows.every((r: { inodes: number | null; emptyLayer: boolean }) => r.emptyLayer || r.inodes === null),
    ).toBe(true);
  });

  it('--quick prints "not scanned" and never asks the engine for the export', async () => {
    const proxy = await startEngineProxy();
    try {
      const quick = await runCli(['inspect', '--quick', `docker:${tags.app}`], { env: { DOCKER_HOST: proxy.host } });
      expect(quick.code).toBe(0);
      expect(quick.stdout).toMatch(/not scanned/);
      expect(proxy.requests.some((r) => r.includes('/images/'))).toBe(true);
      expect(proxy.requests.filter((r) => r.endsWith('/get'))).toEqual([]);
      const full = await runCli(['inspect', '--no-cache', `docker:${tags.app}`], { env: { DOCKER_HOST: proxy.host } });
      expect(full.code).toBe(0);
      expect(proxy.requests.filter((r) => r.endsWith('/get'))).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('reads the image config from the export: layers, whiteouts, an opaque directory, a repeated layer', async () => {
    const { image, scans } = await scanReference(`docker:${tags['node-tree']}`);
    const diffIDs = image.layers.map((l) => l.diffID);
    expect(new Set(diffIDs).size).toBe(diffIDs.length - 1);
    const repeated = diffIDs.findIndex((d, i) => diffIDs.indexOf(d) !== i);
    expect(scans[repeated]).toEqual(scans[repeated - 1]);
    const last = scans[scans.length - 1];
    expect(last.counts.opaques).toBe(1);
    expect(last.counts.whiteouts).toBeGreaterThanOrEqual(2);
    const tree = scans[scans.length - 2];
    expect(tree.counts).toMatchObject({ files: 120, symlinks: 60 });
  });

  it('names the same image by name, bare name, docker-daemon:, full and short ID', async () => {
    const refs = [
      `docker:${tags.app}`,
      tags.app,
      `docker-daemon:${tags.app}`,
      `docker:${ids.app}`,
      `docker:${ids.app.slice(7, 19)}`,
    ];
    for (const ref of refs) {
      const report = await inspectJson(['--quick', ref]);
      expect(report.image.id).toBe(ids.app);
    }
  });
});

/**
 * `series REPO --tags` straight from a real registry, through a proxy that records every
 * blob download: a second run, after one more release is pushed, downloads exactly the
 * layers that release adds — their compressed bytes and nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { pushImages, testRegistries } from '../helpers/registry.js';
import { generatedSeries } from '../compare/generated-series.js';

// Skips only where no test registry runs; in CI (LAYERSCOPE_REQUIRE_DOCKER=1) testRegistries() throws instead.
const regs = testRegistries();
const repo = `series-tags/app-${process.pid}`;
const [v1, v2, v3] = generatedSeries();
let proxy: FaultProxy;
let cache: string;

beforeAll(async () => {
  if (!regs) return;
  cache = mkdtempSync(join(tmpdir(), 'layerscope-series-tags-'));
  await pushImages([{ image: v1, tag: '1.0' }], '1.0', `${regs.anonymous}/${repo}:1.0`);
  await pushImages([{ image: v2, tag: '1.1' }], '1.1', `${regs.anonymous}/${repo}:1.1`);
  await pushImages([{ image: v2, tag: 'latest' }], 'latest', `${regs.anonymous}/${repo}:latest`);
  proxy = await FaultProxy.start(regs.anonymous);
});

afterAll(async () => {
  await proxy?.close();
  if (cache) rmSync(cache, { recursive: true, force: true });
});

const blobDownloads = () =>
  proxy
    .seen(/\/blobs\/sha256:/)
    .filter((r) => r.method === 'GET')
    .map((r) => r.path.slice(r.path.lastIndexOf('/') + 1));

async function series(spec: string) {
  const r = await runCli(['series', `docker://${proxy.host}/${repo}`, '--tags', spec, '--json'], {
    env: { XDG_CACHE_HOME: cache },
  });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe.skipIf(!regs)('series --tags from a registry', () => {
  it('downloads each layer once, then only the layers a new release adds', async () => {
    const first = await series('5');
    expect(first.versions.map((v: { reference: string }) => v.reference.split(':').pop())).toEqual(['1.0', '1.1']);
    const firstBlobs = blobDownloads();
    const distinct = new Set([...v1.layers, ...v2.layers].map((l) => l.digest));
    // Layers plus one config per image; each layer blob once.
    expect(firstBlobs.filter((d) => distinct.has(d)).sort()).toEqual([...distinct].sort());

    await pushImages([{ image: v3, tag: '1.2' }], '1.2', `${regs!.anonymous}/${repo}:1.2`);
    proxy.clear();
    const second = await series('>=1.1');
    expect(second.versions.map((v: { reference: string }) => v.reference.split(':').pop())).toEqual(['1.1', '1.2']);
    expect(second.scan.layersFromCache).toBe(3);
    const layerDigests = new Set(v3.layers.map((l) => l.digest));
    const fetched = blobDownloads().filter((d) => layerDigests.has(d));
    const fresh = v3.layers.filter((l) => !v2.layers.some((o) => o.digest === l.digest));
    expect(fetched.sort()).toEqual(fresh.map((l) => l.digest).sort());
    const bytesFetched = fetched.reduce((sum, d) => sum + v3.layers.find((l) => l.digest === d)!.blob.length, 0);
    // What layerscope downloads is the content new to it (status "new"); a layer with the same
    // content on a changed parent ("same-content") comes from the scan cache, though a host pulls it.
    const rows: Array<{ status: string; pullBytes: number; pullEstimated: boolean }> = second.steps[0].layers.rows;
    const newContent = rows.filter((r) => r.status === 'new');
    expect(rows.map((r) => r.status)).toEqual(['shared', 'new', 'same-content']);
    expect(bytesFetched).toBe(newContent.reduce((sum, r) => sum + r.pullBytes, 0));
    expect(rows.every((r) => !r.pullEstimated)).toBe(true);
  });

  it('says when too few tags match', async () => {
    const r = await runCli(['series', `docker://${proxy.host}/${repo}`, '--tags', '>=9'], {
      env: { XDG_CACHE_HOME: cache },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no version tag for range ">=9" \(\d+ tags in all\)/);
  });

  it('refuses --tags with more than one reference, before any I/O', async () => {
    const r = await runCli(['series', 'docker://127.0.0.1:1/a', 'docker://127.0.0.1:1/b', '--tags', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--tags takes one registry repository, not 2 references/);
  });
});

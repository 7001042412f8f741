/**
 * Faults between layerscope and a real registry, injected by a proxy in front of it: 5xx and
 * 429 (Retry-After) answers, dropped connections before and during a blob, blobs and
 * manifests that do not match their digests — and the download counts of --quick and a scan.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanSession } from '../../src/scan/scan-image.js';
import { openImage } from '../../src/source/open-image.js';
import { buildImage, type BuiltImage } from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { pushImages, testRegistries } from '../helpers/registry.js';

const regs = testRegistries();
const FAST = { registry: { retry: { baseDelayMs: 20 } } };

/** Bytes that do not compress, the same on every run. */
function noise(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i * 32 < size; i++)
    createHash('sha256')
      .update(String(i))
      .digest()
      .copy(out, i * 32);
  return out;
}

let image: BuiltImage;
let proxy: FaultProxy;
const blobPath = (digest: string) => new RegExp(`/blobs/${digest}$`);

async function scan(ref: string) {
  const opened = await openImage(ref, FAST);
  return new ScanSession().scanImage(opened);
}

describe.skipIf(!regs)('registry faults (through a fault-injecting proxy)', () => {
  const ref = () => `docker://${proxy.host}/faults/app:1.0`;
  const big = () => image.layers[1];

  beforeAll(async () => {
    image = buildImage({
      layers: [
        { entries: [{ type: 'file', path: 'etc/os-release', content: 'ID=test\n' }] },
        // gzip: skopeo would compress a plain layer on push, changing its digest.
        { entries: [{ type: 'file', path: 'data/noise.bin', content: noise(300_000) }], compression: 'gzip' },
      ],
    });
    await pushImages([{ image, tag: '1.0' }], '1.0', `${regs!.anonymous}/faults/app:1.0`);
    proxy = await FaultProxy.start(regs!.anonymous);
  });
  afterAll(() => proxy?.close());

  it('retries 5xx answers and dropped connections, then succeeds', async () => {
    proxy.clear();
    proxy.add(/\/manifests\//, { kind: 'status', status: 503 }, 2).add(/\/manifests\//, { kind: 'reset' }, 1);
    proxy.add(blobPath(image.layers[0].digest), { kind: 'status', status: 502 }, 1);
    const scans = await scan(ref());
    expect(scans.map((s) => s.diffID)).toEqual(image.layers.map((l) => l.diffID));
    expect(proxy.seen(/\/manifests\//).map((r) => r.fault)).toEqual(['status', 'status', 'reset', undefined]);
  });

  it('honours Retry-After on 429', async () => {
    proxy.clear();
    proxy.add(blobPath(image.configDigest), { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, 1);
    const started = Date.now();
    const opened = await openImage(ref(), FAST);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950); // Retry-After: 1 (timers may fire a hair early)
    expect(opened.id).toBe(image.configDigest);
    expect(proxy.seen(blobPath(image.configDigest))).toHaveLength(2);
  });

  it('resumes a blob whose connection drops mid-way with Range requests', async () => {
    proxy.clear();
    proxy.add(blobPath(big().digest), { kind: 'cut', afterBytes: 100_000 }, 2);
    const scans = await scan(ref());
    expect(scans[1].diffID).toBe(big().diffID);
    expect(scans[1].tarSize).toBe(big().tar.length);
    expect(proxy.seen(blobPath(big().digest)).map((r) => r.range)).toEqual([
      undefined,
      'bytes=100000-',
      'bytes=200000-',
    ]);
  });

  it('gives up after a bounded number of tries: one line, exit 2', async () => {
    proxy.clear();
    proxy.add(/\/manifests\//, { kind: 'status', status: 503 }, 100);
    const r = await runCli(['inspect', ref()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `layerscope: ${proxy.host}/faults/app:1.0: the registry answered 503 Service Unavailable (gave up after 5 tries)\n`,
    );
    expect(proxy.seen(/\/manifests\//)).toHaveLength(5);
  });

  it('a blob that keeps dropping: one line naming the layer and blob', async () => {
    proxy.clear();
    proxy.add(blobPath(big().digest), { kind: 'reset' }, 100);
    const r = await runCli(['inspect', ref()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `layerscope: reading layer 2/2 of ${ref()}: ${proxy.host}/faults/app blob ${big().digest.slice(0, 19)}: connection reset by the registry (gave up after 5 tries)\n`,
    );
  });

  it('a layer blob that does not match its digest is an error', async () => {
    proxy.clear();
    // The same gzip stream with another mtime in its header: a valid layer of the descriptor's
    // size, with the right diffID but the wrong digest.
    const other = Buffer.from(image.layers[0].blob);
    other[4] ^= 1;
    proxy.add(blobPath(image.layers[0].digest), { kind: 'replace', body: other }, 1);
    const r = await runCli(['inspect', ref()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^layerscope: reading layer 1/2 of ${ref()}: blob digest mismatch: expected ${image.layers[0].digest.slice(0, 19)}, content is sha256:[0-9a-f]{12}\\n  hint: `,
      ),
    );
  });

  it('a manifest or config that does not match its digest is an error', async () => {
    proxy.clear();
    const forged = Buffer.from(image.manifest.toString().replace('"schemaVersion":2', '"schemaVersion": 2'));
    proxy.add(/\/manifests\/sha256:/, { kind: 'replace', body: forged }, 1);
    const byDigest = await runCli(['inspect', `docker://${proxy.host}/faults/app@${image.manifestDigest}`]);
    expect(byDigest.code).toBe(2);
    expect(byDigest.stderr.split('\n')[0]).toMatch(/: the manifest does not match its digest \(content is sha256:/);
    proxy.add(blobPath(image.configDigest), { kind: 'replace', body: Buffer.from(`${image.config} `) }, 1);
    const config = await runCli(['inspect', ref()]);
    expect(config.code).toBe(2);
    expect(config.stderr.split('\n')[0]).toBe(
      `layerscope: ${proxy.host}/faults/app:1.0: config: blob ${image.configDigest} does not match its digest`,
    );
  });

  it('inspect --quick downloads no layer blob; a full scan downloads each once', async () => {
    proxy.clear();
    const quick = await runCli(['inspect', '--quick', '--json', ref()]);
    expect(quick.code).toBe(0);
    const rows = JSON.parse(quick.stdout).rows;
    expect(rows.map((r: { compressedBytes: number | null }) => r.compressedBytes)).toEqual(
      image.layers.map((l) => l.blob.length),
    );
    for (const layer of image.layers) expect(proxy.seen(blobPath(layer.digest))).toHaveLength(0);
    const full = await runCli(['inspect', '--json', ref()]);
    expect(full.code).toBe(0);
    for (const layer of image.layers) expect(proxy.seen(blobPath(layer.digest))).toHaveLength(1);
  });
});

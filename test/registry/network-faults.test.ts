/**
 * Network faults between layerscope and a real registry, injected by the fault proxy: a
 * registry that never answers or stalls mid-body (deadlines), bodies dropped mid-way, after
 * their last byte or before their last chunk (retries and Range resumes), Retry-After under
 * and over the cap, a swapped manifest, lying Content-Lengths, a blob longer than its
 * descriptor, corrupt deflate data, and sha512 digests. Every run that succeeds must report
 * the same figures as a clean run.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage, type BuiltImage } from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { digestOf, pushBlob, putManifest } from '../helpers/raw-push.js';
import { pushImages, testRegistries } from '../helpers/registry.js';

const regs = testRegistries();

function noise(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i * 32 < size; i++)
    createHash('sha256')
      .update(`net${i}`)
      .digest()
      .copy(out, i * 32);
  return out;
}

let app: BuiltImage;
let other: BuiltImage;
let proxy: FaultProxy;
let clean: unknown;
const blobPath = (digest: string) => new RegExp(`/blobs/${digest}$`);
const MANIFEST_BY_TAG = /\/manifests\/1\.0$/;

// testRegistries() throws under LAYERSCOPE_REQUIRE_DOCKER=1: in CI a missing registry fails, never skips.
describe.skipIf(!regs)('network faults (through a fault-injecting proxy)', () => {
  const ref = () => `docker://${proxy.host}/net/app:1.0`;
  const big = () => app.layers[1];
  const inspect = (...flags: string[]) => runCli([...flags, 'inspect', '--json', ref()]);
  const expectClean = async (r: Awaited<ReturnType<typeof inspect>>) => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(clean);
  };

  beforeAll(async () => {
    app = buildImage({
      layers: [
        { entries: [{ type: 'file', path: 'etc/os-release', content: 'ID=net\n' }] },
        { entries: [{ type: 'file', path: 'data/noise.bin', content: noise(300_000) }], compression: 'gzip' },
      ],
    });
    other = buildImage({ layers: [{ entries: [{ type: 'file', path: 'other.txt', content: 'another image\n' }] }] });
    await pushImages([{ image: app, tag: '1.0' }], '1.0', `${regs!.anonymous}/net/app:1.0`);
    await pushImages([{ image: other, tag: '1.0' }], '1.0', `${regs!.anonymous}/net/other:1.0`);
    proxy = await FaultProxy.start(regs!.anonymous);
    const r = await inspect();
    expect(r.code).toBe(0);
    clean = JSON.parse(r.stdout);
  });
  afterAll(() => proxy?.close());

  it('a registry that never answers: the idle timeout ends the run, one request, exit 2', async () => {
    proxy.clear();
    proxy.add(MANIFEST_BY_TAG, { kind: 'silent' }, 10);
    const started = Date.now();
    const r = await inspect('--idle-timeout', '1s');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `layerscope: registry ${proxy.host} did not answer within 1 s (GET /v2/net/app/manifests/1.0)`,
    );
    expect(proxy.seen(MANIFEST_BY_TAG)).toHaveLength(1);
  });

  it('a blob that stalls mid-way: the idle timeout names the blob and the bytes received', async () => {
    proxy.clear();
    proxy.add(blobPath(big().digest), { kind: 'stall', afterBytes: 100_000 }, 10);
    const r = await inspect('--idle-timeout', '1s');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `layerscope: reading layer 2/2 of ${ref()}: ${proxy.host}/net/app blob ${big().digest.slice(0, 19)}: registry ${proxy.host} sent nothing for 1 s in the middle of an answer (GET /v2/net/app/blobs/${big().digest}), after 100000 bytes`,
    );
  });

  it('the whole run is held to --timeout', async () => {
    proxy.clear();
    proxy.add(blobPath(big().digest), { kind: 'stall', afterBytes: 1000 }, 10);
    const started = Date.now();
    const r = await inspect('--timeout', '1500ms');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'layerscope: the run did not finish within 1.5 s (--timeout); stopped\n  hint: give a longer --timeout (or LAYERSCOPE_TIMEOUT), e.g. --timeout 30m\n',
    );
  });

  it('a bad duration is a usage error before any request', async () => {
    proxy.clear();
    const r = await inspect('--idle-timeout', 'soon');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('layerscope: --idle-timeout: "soon" is not a duration from 1 ms to 24 days');
    expect(proxy.requests).toHaveLength(0);
  });

  it('connections dropped inside the manifest, the config and a blob are retried: same figures', async () => {
    proxy.clear();
    proxy.add(MANIFEST_BY_TAG, { kind: 'cut', afterBytes: 100 }, 1);
    proxy.add(blobPath(app.configDigest), { kind: 'cut', afterBytes: 50 }, 1);
    proxy.add(blobPath(big().digest), { kind: 'cut', afterBytes: 120_000 }, 1);
    await expectClean(await inspect());
    expect(proxy.seen(MANIFEST_BY_TAG).map((r) => r.fault)).toEqual(['cut', undefined]);
    expect(proxy.seen(blobPath(app.configDigest)).map((r) => r.fault)).toEqual(['cut', undefined]);
    expect(proxy.seen(blobPath(big().digest)).map((r) => r.range)).toEqual([undefined, 'bytes=120000-']);
  });

  it('a chunked body cut before its last chunk: retried or resumed, same figures', async () => {
    proxy.clear();
    proxy.add(MANIFEST_BY_TAG, { kind: 'chunked', cutAfter: 200 }, 1);
    proxy.add(blobPath(big().digest), { kind: 'chunked', cutAfter: 150_000 }, 1);
    await expectClean(await inspect());
    expect(proxy.seen(MANIFEST_BY_TAG)).toHaveLength(2);
    expect(proxy.seen(blobPath(big().digest)).map((r) => r.range)).toEqual([undefined, 'bytes=150000-']);
  });

  it('a blob whose connection drops after its last byte is complete: nothing past the end is asked for', async () => {
    proxy.clear();
    proxy.add(blobPath(big().digest), { kind: 'chunked' }, 1);
    proxy.add(blobPath(app.layers[0].digest), { kind: 'chunked' }, 1);
    await expectClean(await inspect());
    expect(proxy.seen(blobPath(big().digest)).map((r) => r.range)).toEqual([undefined]);
    expect(proxy.seen(blobPath(app.layers[0].digest))).toHaveLength(1);
  });

  it('429 and 503 with a short Retry-After are waited for: same figures', async () => {
    proxy.clear();
    proxy.add(MANIFEST_BY_TAG, { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, 1);
    proxy.add(blobPath(big().digest), { kind: 'status', status: 503, headers: { 'retry-after': '1' } }, 1);
    await expectClean(await inspect());
    expect(proxy.seen(MANIFEST_BY_TAG).map((r) => r.fault)).toEqual(['status', undefined]);
    expect(proxy.seen(blobPath(big().digest)).map((r) => r.fault)).toEqual(['status', undefined]);
  });

  it('a Retry-After over the cap is said and given up on at once, exit 2', async () => {
    proxy.clear();
    proxy.add(MANIFEST_BY_TAG, { kind: 'status', status: 429, headers: { 'retry-after': '600' } }, 10);
    const started = Date.now();
    const r = await inspect();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `layerscope: ${proxy.host}/net/app:1.0: registry asked to retry after 600 s, more than the 30 s layerscope waits; try again later\n  hint: it answered 429 Too Many Requests\n`,
    );
    expect(proxy.seen(MANIFEST_BY_TAG)).toHaveLength(1);
  });

  it('a manifest swapped for another image is caught by Docker-Content-Digest, naming both digests', async () => {
    proxy.clear();
    proxy.add(MANIFEST_BY_TAG, { kind: 'replace', body: other.manifest }, 1);
    const r = await inspect();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(
      `layerscope: ${proxy.host}/net/app:1.0: the manifest does not match the digest the registry sent (Docker-Content-Digest ${app.manifestDigest}, content is ${other.manifestDigest})`,
    );
  });

  it('a Content-Length longer than the body: retried, same figures; shorter: caught by the digest', async () => {
    proxy.clear();
    proxy.add(MANIFEST_BY_TAG, { kind: 'length', delta: 10 }, 1);
    proxy.add(blobPath(big().digest), { kind: 'length', delta: -1000 }, 1);
    await expectClean(await inspect());
    expect(proxy.seen(MANIFEST_BY_TAG)).toHaveLength(2);
    expect(proxy.seen(blobPath(big().digest)).map((r) => r.range)).toEqual([
      undefined,
      `bytes=${big().blob.length - 1000}-`,
    ]);
    proxy.clear();
    proxy.add(MANIFEST_BY_TAG, { kind: 'length', delta: -10 }, 1);
    const short = await inspect();
    expect(short.code).toBe(2);
    expect(short.stderr.split('\n')[0]).toMatch(
      new RegExp(
        `: the manifest does not match the digest the registry sent \\(Docker-Content-Digest ${app.manifestDigest}, content is sha256:[0-9a-f]{64}\\)$`,
      ),
    );
  });

  it('a blob longer than its descriptor is cut off and reported, never read to the end', async () => {
    proxy.clear();
    const size = big().blob.length;
    proxy.add(blobPath(big().digest), { kind: 'length', delta: 5_000_000 }, 1);
    const announced = await inspect();
    expect(announced.code).toBe(2);
    expect(announced.stderr.split('\n')[0]).toBe(
      `layerscope: reading layer 2/2 of ${ref()}: ${proxy.host}/net/app blob ${big().digest.slice(0, 19)}: the blob is longer than the ${size} bytes its descriptor gives (the registry announces ${size + 5_000_000})`,
    );
    proxy.clear();
    proxy.add(blobPath(big().digest), { kind: 'chunked', append: Buffer.alloc(100_000) }, 1);
    const streamed = await inspect();
    expect(streamed.code).toBe(2);
    expect(streamed.stderr.split('\n')[0]).toBe(
      `layerscope: reading layer 2/2 of ${ref()}: ${proxy.host}/net/app blob ${big().digest.slice(0, 19)}: the blob is longer than the ${size} bytes its descriptor gives (cut off at byte ${size + 1})`,
    );
  });

  it('corrupt deflate data in a layer names the blob', async () => {
    proxy.clear();
    const corrupt = Buffer.from(big().blob);
    corrupt.fill(0xff, 1000, 1400);
    proxy.add(blobPath(big().digest), { kind: 'replace', body: corrupt }, 1);
    const r = await inspect();
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(
      new RegExp(
        `^layerscope: reading layer 2/2 of ${ref()}: blob ${big().digest.slice(0, 19)}: corrupt gzip data \\(`,
      ),
    );
  });
});

// testRegistries() throws under LAYERSCOPE_REQUIRE_DOCKER=1: in CI a missing registry fails, never skips.
describe.skipIf(!regs)('sha512 digests from a registry', () => {
  let image: BuiltImage;
  let digests: { config: string; layers: string[] };
  let proxy512: FaultProxy;

  beforeAll(async () => {
    image = buildImage({
      layers: [
        { entries: [{ type: 'file', path: 'five.txt', content: 'sha512\n' }] },
        { entries: [{ type: 'file', path: 'b/x', content: noise(5000) }] },
      ],
    });
    const repo = 'net/sha512';
    digests = { config: digestOf(image.config, 'sha512'), layers: image.layers.map((l) => digestOf(l.blob, 'sha512')) };
    for (const [i, l] of image.layers.entries()) await pushBlob(regs!.anonymous, repo, l.blob, digests.layers[i]);
    await pushBlob(regs!.anonymous, repo, image.config, digests.config);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: digests.config,
          size: image.config.length,
        },
        layers: image.layers.map((l, i) => ({
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: digests.layers[i],
          size: l.blob.length,
        })),
      }),
    );
    await putManifest(regs!.anonymous, repo, '1.0', manifest, 'application/vnd.oci.image.manifest.v1+json');
    proxy512 = await FaultProxy.start(regs!.anonymous);
  });
  afterAll(() => proxy512?.close());
  const ref = () => `docker://${proxy512.host}/net/sha512:1.0`;

  it('are verified: the image reads, and a changed layer or config is refused', async () => {
    proxy512.clear();
    const good = await runCli(['inspect', '--json', ref()]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).rows.map((r: { size: number }) => r.size)).toEqual([7, 5000]);
    const changed = Buffer.from(image.layers[1].blob);
    changed[4] ^= 1; // another gzip mtime: same size and content, another digest
    proxy512.add(blobPath(digests.layers[1]), { kind: 'replace', body: changed }, 1);
    const layer = await runCli(['inspect', ref()]);
    expect(layer.code).toBe(2);
    expect(layer.stderr.split('\n')[0]).toBe(
      `layerscope: reading layer 2/2 of ${ref()}: blob digest mismatch: expected ${digests.layers[1].slice(0, 19)}, content is ${digestOf(changed, 'sha512').slice(0, 19)}`,
    );
    proxy512.add(blobPath(digests.config), { kind: 'replace', body: Buffer.from(`${image.config} `) }, 1);
    const config = await runCli(['inspect', ref()]);
    expect(config.code).toBe(2);
    expect(config.stderr.split('\n')[0]).toBe(
      `layerscope: ${proxy512.host}/net/sha512:1.0: config: blob ${digests.config} does not match its digest`,
    );
  });

  it('any other algorithm is refused before its blob is asked for', async () => {
    proxy512.clear();
    const md5 = 'md5:0123456789abcdef0123456789abcdef';
    const manifest = Buffer.from(
      JSON.stringify({
        ...JSON.parse(image.manifest.toString()),
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: md5, size: 10 }],
      }),
    );
    proxy512.add(
      /\/manifests\/1\.0$/,
      { kind: 'replace', body: manifest, headers: { 'docker-content-digest': digestOf(manifest, 'sha256') } },
      1,
    );
    const r = await runCli(['inspect', ref()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `layerscope: ${proxy512.host}/net/sha512:1.0: layers[0].digest uses digest algorithm "md5", which cannot be verified\n  hint: the OCI image spec registers sha256 and sha512\n`,
    );
    expect(proxy512.seen(/\/blobs\//)).toHaveLength(0);
  });
});

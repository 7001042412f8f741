/**
 * Every source, same figures: one generated image (the conformance layers plus one over
 * THREAD_MIN_BYTES, so worker hashing and the seek path in local files run) written as a
 * legacy docker-archive, a Docker 25+ docker-archive, a containerd-store docker-archive
 * (Docker 25+ layout, gzip layer blobs), an OCI layout (gzip, zstd), an oci-archive, pushed
 * to the real registry and loaded into the real engine. `inspect --json` of each must be
 * identical once the source facts below are deleted — and equal to itself whatever the
 * cache held (runs that warm one cache from the other copies first, in both orders).
 */
import { createCipheriv } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREAD_MIN_BYTES } from '../../src/scan/hash/sha256.js';
import {
  buildImage,
  withLayerCompression,
  writeDockerArchive,
  writeOciArchive,
  writeOciLayout,
  type BuiltImage,
  type ImageSpec,
} from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';
import { CONFORMANCE_SPEC } from '../helpers/conformance.js';
import { docker, useEngine } from '../helpers/engine.js';
import { pushImages, testRegistries } from '../helpers/registry.js';

/** What may differ between sources: where the image came from and how its blobs are stored. */
const SOURCE_FACTS = [
  'image.reference',
  'image.source',
  'image.manifestDigest',
  'image.repoTags',
  'rows[].digest',
  'rows[].compressedBytes',
  'rows[].compression',
  'totals.compressedBytes',
  'scan',
];
/** The same for diff: each side's reference, tags and compressed size, the bytes to pull (blob sizes or their estimate), the scan counters. */
const DIFF_SOURCE_FACTS = [
  ...['a', 'b'].flatMap((side) => [
    `${side}.reference`,
    `${side}.source`,
    `${side}.manifestDigest`,
    `${side}.repoTags`,
    `totals.${side}.compressedBytes`,
  ]),
  'layers.pull',
  'layers.rows[].pullBytes',
  'layers.rows[].pullEstimated',
  'scan',
];

/** Deletes `paths` (dot paths; `name[]` walks an array) from a copy of `doc`. */
function without(doc: unknown, paths: string[]): unknown {
  const copy = structuredClone(doc);
  for (const path of paths) drop(copy, path.split('.'));
  return copy;
}

function drop(node: any, parts: string[]): void {
  if (node === null || typeof node !== 'object') return;
  const [head, ...rest] = parts;
  const list = head.endsWith('[]');
  const key = list ? head.slice(0, -2) : head;
  if (rest.length === 0 && !list) return void delete node[key];
  const next = node[key];
  for (const child of list ? (Array.isArray(next) ? next : []) : [next]) {
    if (rest.length === 0) continue;
    drop(child, rest);
  }
}

/** Incompressible, deterministic bytes (AES-CTR over zeros), so every blob of the big layer is large. */
function noise(size: number): Buffer {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

const BIG = THREAD_MIN_BYTES + 512 * 1024;
const SPEC: ImageSpec = {
  layers: [
    ...CONFORMANCE_SPEC.layers,
    {
      createdBy: '/bin/sh -c #(nop) COPY big /opt/big',
      entries: [
        { type: 'dir', path: 'opt' },
        { type: 'file', path: 'opt/big.bin', content: noise(BIG) },
        // Packages, for `packages` on every source: one npm package, one dpkg package.
        { type: 'file', path: 'opt/node_modules/left/package.json', content: '{"name":"left","version":"1.3.0"}' },
        { type: 'file', path: 'opt/node_modules/left/index.js', size: 2_000 },
        {
          type: 'file',
          path: 'var/lib/dpkg/status',
          content: 'Package: busybox\nStatus: install ok installed\nVersion: 1.36\nInstalled-Size: 70\n',
        },
        { type: 'file', path: 'var/lib/dpkg/info/busybox.list', content: '/bin/busybox\n/bin/sh\n' },
      ],
    },
  ],
  history: [...CONFORMANCE_SPEC.history!, { createdBy: '/bin/sh -c #(nop) COPY big /opt/big' }],
};
/** The next release: one more layer that replaces a file (for diff). */
const NEXT: ImageSpec = {
  layers: [
    ...SPEC.layers,
    {
      createdBy: '/bin/sh -c echo 2 > /etc/passwd',
      entries: [{ type: 'file', path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/ash\n' }],
    },
  ],
  history: [...SPEC.history!, { createdBy: '/bin/sh -c echo 2 > /etc/passwd' }],
};

const regs = testRegistries();
const engine = useEngine();
const name = `ls-conformance-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
let dir: string;
let built: BuiltImage;
const refs: Record<string, string> = {};
const nextRefs: Record<string, string> = {};

async function inspect(ref: string, cache: string | 'none'): Promise<any> {
  const args = cache === 'none' ? ['--no-cache', 'inspect', '--json', ref] : ['inspect', '--json', ref];
  const r = await runCli(args, {
    env: { XDG_CACHE_HOME: cache === 'none' ? join(dir, 'unused') : cache },
    timeoutMs: 60_000,
  });
  expect(r.stderr, ref).toBe('');
  expect(r.code, ref).toBe(0);
  return JSON.parse(r.stdout);
}

describe('conformance: every source gives the same figures, whatever the cache held', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'layerscope-every-source-'));
    built = buildImage(SPEC);
    const next = buildImage(NEXT);
    const gzip = withLayerCompression(built, 'gzip');
    const write = (file: string, format: 'legacy' | 'oci', layers?: 'gzip') =>
      writeDockerArchive(join(dir, file), [{ image: built, tags: [`${name}:1.0`] }], { format, layers });
    write('legacy.tar', 'legacy');
    write('docker25.tar', 'oci');
    write('containerd.tar', 'oci', 'gzip');
    writeOciLayout(join(dir, 'oci-gzip'), [
      { image: gzip, tag: '1.0' },
      { image: withLayerCompression(next, 'gzip'), tag: '2.0' },
    ]);
    writeOciLayout(join(dir, 'oci-zstd'), [{ image: withLayerCompression(built, 'zstd'), tag: '1.0' }]);
    writeOciArchive(join(dir, 'image.oci'), [{ image: gzip, tag: '1.0' }]);
    writeDockerArchive(join(dir, 'next-legacy.tar'), [{ image: next, tags: [`${name}:2.0`] }], { format: 'legacy' });
    Object.assign(refs, {
      'docker-archive (legacy)': `docker-archive:${join(dir, 'legacy.tar')}`,
      'docker-archive (Docker 25+)': `docker-archive:${join(dir, 'docker25.tar')}`,
      'docker-archive (containerd store)': `docker-archive:${join(dir, 'containerd.tar')}`,
      'oci (gzip)': `oci:${join(dir, 'oci-gzip')}:1.0`,
      'oci (zstd)': `oci:${join(dir, 'oci-zstd')}:1.0`,
      'oci-archive': `oci-archive:${join(dir, 'image.oci')}:1.0`,
    });
    nextRefs['docker-archive (legacy)'] = `docker-archive:${join(dir, 'next-legacy.tar')}`;
    nextRefs['oci (gzip)'] = `oci:${join(dir, 'oci-gzip')}:2.0`;
    if (regs) {
      await pushImages([{ image: built, tag: '1.0' }], '1.0', `${regs.anonymous}/every-source/${name}:1.0`);
      refs.registry = `docker://${regs.anonymous}/every-source/${name}:1.0`;
    }
    if (engine) {
      docker(['load', '-q', '-i', join(dir, 'legacy.tar')]);
      refs.engine = `docker:${name}:1.0`;
    }
  }, 60_000);

  afterAll(() => {
    if (engine) docker(['rmi', `${name}:1.0`]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the image from every source, the registry and the engine included', () => {
    const expected = [
      'docker-archive (legacy)',
      'docker-archive (Docker 25+)',
      'docker-archive (containerd store)',
      'oci (gzip)',
      'oci (zstd)',
      'oci-archive',
    ];
    if (regs) expected.push('registry');
    if (engine) expected.push('engine');
    expect(Object.keys(refs)).toEqual(expected);
    expect(built.layers.at(-1)!.tar.length).toBeGreaterThan(THREAD_MIN_BYTES);
  });

  it('inspect --json is identical on every source, source facts aside, cold and warm in both orders', async () => {
    const sources = Object.keys(refs);
    const cold = new Map<string, any>();
    for (const source of sources) cold.set(source, await inspect(refs[source], 'none'));
    const [first] = sources;
    const reference = without(cold.get(first), SOURCE_FACTS);
    for (const source of sources)
      expect(without(cold.get(source), SOURCE_FACTS), `${source} vs ${first}`).toEqual(reference);
    for (const order of [sources, [...sources].reverse()]) {
      const cache = mkdtempSync(join(dir, 'cache-'));
      for (const source of order) {
        const warm = await inspect(refs[source], cache);
        expect(
          without(warm, ['scan']),
          `${source}, cache warmed by ${order.slice(0, order.indexOf(source)).join(', ') || 'nothing'}`,
        ).toEqual(without(cold.get(source), ['scan']));
      }
    }
    // The facts of the blobs as each source stores them.
    const compressed = (source: string) =>
      cold
        .get(source)
        .rows.filter((r: any) => r.layer !== null)
        .map((r: any) => r.compression);
    expect(compressed('docker-archive (legacy)')).toEqual(Array(5).fill('none'));
    expect(compressed('docker-archive (containerd store)')).toEqual(Array(5).fill('gzip'));
    expect(compressed('oci (zstd)')).toEqual(Array(5).fill('zstd'));
    const gzipBytes = withLayerCompression(built, 'gzip').layers.reduce((a, l) => a + l.blob.length, 0);
    expect(cold.get('docker-archive (containerd store)').totals.compressedBytes).toBe(gzipBytes);
    expect(cold.get('oci (gzip)').totals.compressedBytes).toBe(gzipBytes);
  }, 120_000);

  it('packages --json is identical on every source, cold and warm', async () => {
    const packages = async (ref: string, cache: string | 'none') => {
      const args = [...(cache === 'none' ? ['--no-cache'] : []), 'packages', '--json', ref];
      const r = await runCli(args, { env: { XDG_CACHE_HOME: cache === 'none' ? join(dir, 'unused') : cache } });
      expect(r.stderr, ref).toBe('');
      return without(JSON.parse(r.stdout), ['image', 'scan']);
    };
    const sources = Object.keys(refs);
    const reference = await packages(refs[sources[0]], 'none');
    expect((reference as any).packages.map((p: any) => [p.ecosystem, p.name, p.version])).toEqual([
      ['deb', 'busybox', '1.36'],
      ['npm', 'left', '1.3.0'],
    ]);
    const cache = mkdtempSync(join(dir, 'packages-cache-'));
    for (const source of sources) {
      expect(await packages(refs[source], 'none'), source).toEqual(reference);
      expect(await packages(refs[source], cache), `${source}, warm`).toEqual(reference);
    }
  }, 120_000);

  it('diff --json of the same pair is identical across sources and cache states', async () => {
    const diff = async (a: string, b: string, cache: string | 'none') => {
      const args = [...(cache === 'none' ? ['--no-cache'] : []), 'diff', '--json', a, b];
      const r = await runCli(args, {
        env: { XDG_CACHE_HOME: cache === 'none' ? join(dir, 'unused') : cache },
        timeoutMs: 60_000,
      });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout);
    };
    const legacy = await diff(refs['docker-archive (legacy)'], nextRefs['docker-archive (legacy)'], 'none');
    const oci = await diff(refs['oci (gzip)'], nextRefs['oci (gzip)'], 'none');
    expect(without(oci, DIFF_SOURCE_FACTS)).toEqual(without(legacy, DIFF_SOURCE_FACTS));
    const cache = mkdtempSync(join(dir, 'diff-cache-'));
    await diff(refs['docker-archive (legacy)'], nextRefs['docker-archive (legacy)'], cache);
    const warm = await diff(refs['oci (gzip)'], nextRefs['oci (gzip)'], cache);
    expect(without(warm, ['scan'])).toEqual(without(oci, ['scan']));
  }, 60_000);
});

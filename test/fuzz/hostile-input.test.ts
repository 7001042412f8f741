/**
 * Regression fixtures for the classes of defect the fuzzer found (issue 16), each built by
 * code and run through the built CLI with a time and RSS limit: exit 2 and one line naming
 * the input and the limit or field, or (for inputs that are only odd) exit 0 and right figures.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildImage,
  dockerLegacyFiles,
  ociLayoutFiles,
  withLayerCompression,
  type BuiltImage,
  type FileSet,
} from '../fixtures/image-builder/index.js';
import { fileSetEntries, writeFileSetToDir, writeFileSetToTar } from '../fixtures/image-builder/file-set.js';
import { encodeTar } from '../fixtures/image-builder/tar-writer.js';
import { nestIndexes, reassemble, replaceLayer } from './corpus.js';
import { judge, spawnCli, type Run } from './runner.js';
import { fixChecksum, headerOffsets, paxHeader } from './tar-mutations.js';

let dir: string;
let image: BuiltImage;
const p = (name: string) => join(dir, name);
const LIMITS = { timeMs: 30_000, rssMb: 400 };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-hostile-'));
  image = buildImage({
    layers: [
      {
        entries: [
          { type: 'file', path: 'etc/hello', content: 'hi\n' },
          { type: 'file', path: 'data/blob', size: 3000 },
        ],
      },
      { entries: [{ type: 'file', path: 'app/main.js', size: 500 }] },
    ],
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<Run> {
  const r = await spawnCli(args, dir, LIMITS);
  expect(judge(r, LIMITS), `${r.code} ${r.stderr}`).toBeUndefined();
  return r;
}

/** Expects exit 2 and one line (plus a hint) matching `message`. */
async function refused(args: string[], message: RegExp): Promise<void> {
  const r = await run(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.split('\n')[0]).toMatch(message);
}

const outerTar = (files: FileSet) => encodeTar(fileSetEntries(files));

/** The header offset of member `name` in an outer tar. */
function memberHeader(tar: Buffer, name: string): number {
  const at = headerOffsets(tar).find((o) => tar.toString('latin1', o, o + 100).replace(/\0.*$/s, '') === name);
  if (at === undefined) throw new Error(`no member ${name}`);
  return at;
}

function writeTar(name: string, tar: Buffer): string {
  writeFileSync(p(name), tar);
  return p(name);
}

/** A docker save archive whose manifest.json header has its size field set to `size`. */
function archiveWithSize(name: string, size: string): string {
  const tar = outerTar(dockerLegacyFiles([{ image, tags: ['app:1'] }]));
  const at = memberHeader(tar, 'manifest.json');
  tar.fill(0, at + 124, at + 136);
  tar.write(size, at + 124, 'latin1');
  fixChecksum(tar, at);
  return writeTar(name, tar);
}

/** A docker save archive with a PAX header (or GNU long name) before manifest.json. */
function archiveWithExtended(name: string, block: Buffer): string {
  const tar = outerTar(dockerLegacyFiles([{ image, tags: ['app:1'] }]));
  const at = memberHeader(tar, 'manifest.json');
  return writeTar(name, Buffer.concat([tar.subarray(0, at), block, tar.subarray(at)]));
}

/** An OCI layout of `img`, with its files edited before they are written. */
function layout(name: string, img: BuiltImage, edit?: (files: FileSet) => void): string {
  const files = ociLayoutFiles([{ image: img, tag: '1' }]);
  edit?.(files);
  writeFileSetToDir(p(name), files);
  return p(name);
}

/** The image with layer `i`'s tar given a PAX header with `records` before its first entry. */
function withLayerPax(records: string[], i = 0): BuiltImage {
  const tar = Buffer.concat([paxHeader(records), image.layers[i].tar]);
  return reassemble(
    image,
    image.layers.map((l, k) => (k === i ? replaceLayer(l, { tar }, true) : l)),
  );
}

/** The image with the manifest edited (digests of config and layers kept right). */
const withManifest = (edit: (m: any) => void) => reassemble(image, image.layers, { manifest: edit });
const withConfig = (edit: (c: any) => void) => reassemble(image, image.layers, { config: edit });

describe('tar sizes and extended headers', () => {
  it.each([
    ['-1000', /invalid size field/],
    ['xyz', /invalid size field/],
    ['\x80\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff', /invalid size field/],
    ['77777777777', /truncated tar \(member at offset \d+ runs past the end\)/],
  ])('outer tar size field %j: exit 2', async (size, message) => {
    await refused(['inspect', archiveWithSize(`size-${Buffer.from(size).toString('hex')}.tar`, size)], message);
  });

  it.each([['size=-1024'], ['size=1.5'], ['size=100000000000000000000']])(
    'outer tar PAX %s: exit 2',
    async (record) => {
      await refused(
        ['inspect', archiveWithExtended(`pax-${record.length}-${record.slice(5, 8)}.tar`, paxHeader([record]))],
        /invalid size record/,
      );
    },
  );

  it('a GNU long name of 2 MiB in the outer tar is refused naming the 1 MiB limit', async () => {
    const block = paxHeader([], 'L', 2 << 20);
    const body = Buffer.alloc(2 << 20, 0x6e);
    await refused(
      ['inspect', archiveWithExtended('long-name.tar', Buffer.concat([block.subarray(0, 512), body]))],
      /extended header .* has 2097152 bytes; the limit is 1 MiB/,
    );
  });

  it.each([['size=-1024'], ['size=1.5'], ['size=100000000000000000000']])(
    'layer PAX %s: exit 2 naming the layer',
    async (record) => {
      await refused(
        ['inspect', layout(`layer-pax-${record.slice(5, 9)}`, withLayerPax([record]))],
        /reading layer 1\/2 of .*invalid size in the tar header/,
      );
    },
  );

  it('a layer path of 64 KiB is refused', async () => {
    await refused(
      ['inspect', layout('long-path', withLayerPax([`path=${'n'.repeat(65536)}`]))],
      /reading layer 1\/2 .*exceeds 4096 bytes/,
    );
  });

  it('`..` and absolute paths in a layer are names, and nothing is written outside', async () => {
    const odd = buildImage({
      layers: [
        {
          entries: [
            { type: 'file', path: '../../escape', content: 'x' },
            { type: 'file', path: '/abs/file', content: 'y' },
            { type: 'symlink', path: 'loop', target: 'loop' },
          ],
        },
      ],
    });
    const r = await run(['inspect', '--json', layout('odd-names', odd)]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).totals.counts.files).toBe(2);
    expect(() => readFileSync(join(dir, '..', '..', 'escape'))).toThrow();
  });
});

describe('messages for short archives', () => {
  it('a tar of 1-511 bytes is short, not empty', async () => {
    await refused(
      ['inspect', writeTar('short.tar', Buffer.alloc(300, 0x41))],
      /short\.tar: not a tar archive \(300 bytes, shorter than one tar header\)/,
    );
    await refused(['inspect', writeTar('empty.tar', Buffer.alloc(0))], /empty\.tar: not a tar archive \(empty file\)/);
  });

  it('a tar cut on a 512-byte boundary is truncated', async () => {
    const tar = outerTar(dockerLegacyFiles([{ image, tags: ['app:1'] }]));
    const cut = memberHeader(tar, 'manifest.json');
    await refused(
      ['inspect', writeTar('cut.tar', tar.subarray(0, cut))],
      /cut\.tar: truncated tar \(no end-of-archive marker/,
    );
  });
});

describe('sizes a manifest declares', () => {
  it.each([[5e10], [1e12], [1e308], [1.5], [-1]])(
    'layer size %s on a small blob: exit 2, bounded memory',
    async (size) => {
      const img = withManifest((m) => (m.layers[0].size = size));
      await refused(
        ['inspect', layout(`declared-${size}`, img)],
        size === 5e10 || size === 1e12
          ? /layer 1 of 2: blob sha256:\w+ has \d+ bytes, its descriptor says/
          : /layers\[0\]\.size is .*not a size in bytes/,
      );
    },
  );

  it('a manifest listing the same blob 10,000 times is refused', async () => {
    const img = reassemble(
      image,
      Array.from({ length: 10_000 }, () => image.layers[0]),
    );
    await refused(['inspect', layout('repeated', img)], /lists 10000 layers; the limit is 1000/);
  });

  it('a config of 5 MiB is refused naming the 4 MiB limit', async () => {
    const img = withConfig((c) => (c.padding = 'x'.repeat(5 << 20)));
    await refused(
      ['inspect', layout('big-config', img)],
      /declares \d+ bytes; the limit for a manifest, index or config is 4 MiB/,
    );
  });

  it('JSON nested 100,000 deep in manifest.json is one line', async () => {
    const files = dockerLegacyFiles([{ image, tags: ['app:1'] }]);
    files.set('manifest.json', Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)));
    await refused(['inspect', writeTar('deep.tar', outerTar(files))], /manifest\.json is not a docker save manifest/);
  });

  it('a deeply nested bad descriptor names its place', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const dirPath = layout('deep-desc', image, (f) =>
      f.set('index.json', Buffer.from(`{"schemaVersion":2,"manifests":[${deep}]}`)),
    );
    await refused(['inspect', dirPath], /index\.json: manifests\[0\] is an array, not a descriptor/);
  });
});

describe('fields of the wrong type', () => {
  it('an object as os in the config is an input error naming the field', async () => {
    await refused(
      [
        'inspect',
        layout(
          'os-object',
          withConfig((c) => (c.os = { toString: 1 })),
        ),
      ],
      /image config field os is an object, not a string/,
    );
  });

  it('an object as the platform os of a descriptor is an input error naming the field', async () => {
    const dirPath = layout('platform-object', image, (f) => {
      const index = JSON.parse(f.get('index.json')!.toString());
      index.manifests[0].platform.os = { toString: 1 };
      f.set('index.json', Buffer.from(JSON.stringify(index)));
    });
    await refused(['inspect', dirPath], /manifests\[0\]\.platform\.os is an object, not a string/);
  });

  it('an object as a tag is not a tag', async () => {
    const dirPath = layout('tag-object', image, (f) => {
      const index = JSON.parse(f.get('index.json')!.toString());
      index.manifests[0].annotations['org.opencontainers.image.ref.name'] = { toString: 1 };
      f.set('index.json', Buffer.from(JSON.stringify(index)));
    });
    const r = await run(['inspect', '--json', dirPath]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).image.repoTags).toEqual([]);
  });
});

describe('nested indexes', () => {
  function fanOut(name: string, fan: number, depth: number): string {
    return layout(name, image, (files) => nestIndexes(files, fan, depth));
  }

  it('an index fanning out to millions of descriptors stops at the limit, fast', async () => {
    await refused(['inspect', fanOut('fan-out', 300, 4)], /the image indexes list more than 10000 descriptors/);
  });

  it('indexes nested 20 deep are refused', async () => {
    await refused(['inspect', fanOut('deep-index', 1, 20)], /nested too deeply/);
  });
});

describe('digests and blobs', () => {
  it('a blob that is a symlink out of the layout is refused', async () => {
    const dirPath = layout('symlinked', image);
    const blob = join(dirPath, 'blobs/sha256', image.layers[0].digest.slice(7));
    const outside = p('outside-blob');
    writeFileSync(outside, readFileSync(blob));
    rmSync(blob);
    symlinkSync(outside, blob);
    await refused(['inspect', dirPath], /is a link to a file outside the layout/);
  });

  it('sha512 digests are verified, other algorithms refused', async () => {
    const sha512 = (b: Buffer) => `sha512:${require512(b)}`;
    const layer = image.layers[0];
    const make = (name: string, blob: Buffer) =>
      layout(
        name,
        withManifest((m) => (m.layers[0].digest = sha512(layer.blob))),
        (files) => files.set(`blobs/sha512/${sha512(layer.blob).slice(7)}`, blob),
      );
    const good = await run(['inspect', '--json', make('sha512-good', layer.blob)]);
    expect(good.code, good.stderr).toBe(0);
    const bad = Buffer.from(layer.blob);
    bad[bad.length - 10] ^= 1;
    await refused(
      ['inspect', '--no-cache', make('sha512-bad', bad)],
      /reading layer 1\/2 .*(blob digest mismatch|corrupt gzip|diffID mismatch)/,
    );
    await refused(
      [
        'inspect',
        layout(
          'md5',
          withManifest((m) => (m.layers[0].digest = 'md5:d41d8cd98f00b204e9800998ecf8427e')),
        ),
      ],
      /layers\[0\]\.digest uses digest algorithm "md5", which cannot be verified/,
    );
  });

  it('two layers with one diffID are each verified from their own blob', async () => {
    // Layer 2 repeats layer 1's diffID with another blob (zstd), which is corrupt.
    const zstd = withLayerCompression(image, 'zstd').layers[0];
    const broken = Buffer.from(zstd.blob);
    broken[broken.length - 6] ^= 0xff;
    const img = reassemble(image, [image.layers[0], { ...zstd, blob: broken }]);
    await refused(
      ['inspect', '--no-cache', layout('repeat-diffid', img)],
      /reading layer 2\/2 of .*(mismatch|corrupt zstd|unexpected end|Invalid tar header)/,
    );
  });

  it('diff --no-cache reads a corrupt blob whose diffID came earlier in the run', async () => {
    const zstd = withLayerCompression(image, 'zstd');
    const broken = Buffer.from(zstd.layers[0].blob);
    broken[broken.length - 6] ^= 0xff;
    const b = reassemble(zstd, [{ ...zstd.layers[0], blob: broken }, zstd.layers[1]]);
    await refused(
      ['diff', '--no-cache', layout('diff-a', image), layout('diff-b', b)],
      /reading layer 1\/2 of .*diff-b.*(mismatch|corrupt zstd|unexpected end|Invalid tar header)/,
    );
  });

  it('a zstd frame declaring a 1 GiB window is refused before the decoder allocates it', async () => {
    // Magic, a frame header descriptor with no single segment, window descriptor 2^30, then noise.
    const blob = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (30 - 10) << 3]), Buffer.alloc(4096, 7)]);
    const zstd = withLayerCompression(image, 'zstd');
    const img = reassemble(zstd, [zstd.layers[0], { ...zstd.layers[1], blob }]);
    await refused(
      ['inspect', layout('zstd-window', img)],
      /reading layer 2\/2 .*1024 MiB window, over the 128 MiB limit/,
    );
  });

  it('a gzip stream of 10 GiB of zeros in a layer with a wrong digest ends fast', async () => {
    const member = gzipSync(Buffer.alloc(64 << 20), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 160 }, () => member));
    const img = reassemble(image, [{ ...image.layers[0], blob: bomb }, image.layers[1]]);
    // Bounded by the run's kill timer (runCli): the scan stops at the zero blocks, well before 10 GiB.
    await refused(['inspect', layout('bomb', img)], /reading layer 1\/2 .*(zero blocks|mismatch)/);
  });
});

describe('links between members of a docker save archive', () => {
  /** A legacy archive of an image whose two layers are the same, the second layer.tar a symlink to `target(first)`. */
  function linkedArchive(name: string, target: (first: string) => string): string {
    const twice = reassemble(image, [image.layers[0], image.layers[0]]);
    const entries = fileSetEntries(dockerLegacyFiles([{ image: twice, tags: ['app:1'] }]));
    const tars = entries.filter((e) => e.name.toString().endsWith('/layer.tar'));
    const manifest = JSON.parse(entries.find((e) => e.name.toString() === 'manifest.json')!.data!.toString());
    const [first, second] = manifest[0].Layers as string[];
    const link = tars.find((e) => e.name.toString() === second)!;
    Object.assign(link, { typeflag: '2', data: undefined, linkname: Buffer.from(target(first)) });
    return writeTar(name, encodeTar(entries));
  }

  it('a repeated layer.tar linked to the first is read through the link (as docker save writes it)', async () => {
    const r = await run(['inspect', '--json', '--no-cache', linkedArchive('linked.tar', (first) => `../${first}`)]);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout).rows;
    expect(rows.map((row: any) => row.counts.files)).toEqual([2, 2]);
  });

  it('a link out of the archive is refused', async () => {
    await refused(
      ['inspect', linkedArchive('escape.tar', () => '../../../etc/passwd')],
      /refusing member name outside the archive/,
    );
  });
});

describe('archives that are large in their parts', () => {
  it('a gzip archive of many small JSON-looking members stays within its memory limit', async () => {
    const files = dockerLegacyFiles([{ image, tags: ['app:1'] }]);
    for (let i = 0; i < 20_000; i++) files.set(`junk/${i}.json`, Buffer.from(`{"n":${i},"pad":"${'x'.repeat(2000)}"}`));
    writeFileSetToTar(p('junk.tar.gz'), files, { gzip: true });
    const r = await run(['inspect', '--json', p('junk.tar.gz')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.rssMb).toBeLessThan(250);
  });

  it('5,000 history entries render as text in linear time', async () => {
    const history = [
      { createdBy: 'ADD rootfs /' },
      ...Array.from({ length: 4_998 }, (_, i) => ({ createdBy: `ENV V${i}=${i}`, emptyLayer: true })),
      { createdBy: 'COPY app /' },
    ];
    const img = buildImage({ layers: image.spec.layers, history });
    mkdirSync(p('hist'), { recursive: true });
    const r = await run(['inspect', layout('hist/layout', img)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ENV V4997=4997');
    expect(r.ms).toBeLessThan(10_000);
  });
});

function require512(b: Buffer): string {
  return createHash('sha512').update(b).digest('hex');
}

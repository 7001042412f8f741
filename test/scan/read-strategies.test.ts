/**
 * The scan reads each layer by the first strategy that fits what its source offers
 * (read-strategies.ts). Real sources on images written by the image builder: which
 * capabilities each layer states, which strategy is chosen and which one actually read it
 * (a large plain layer in a file is sought; gzip, small or sha512 layers are streamed; the
 * engine's are pushed), and the same figures whichever strategy is forced.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREAD_MIN_BYTES } from '../../src/scan/hash/sha256.js';
import {
  chooseRead,
  READ_STRATEGIES,
  type LayerRead,
  type ReadStrategy,
  type StreamPass,
} from '../../src/scan/read-strategies.js';
import { ScanSession } from '../../src/scan/scan-image.js';
import { layerCapabilities, type Image } from '../../src/source/model.js';
import { openImage } from '../../src/source/open-image.js';
import {
  buildImage,
  ociLayoutFiles,
  withLayerCompression,
  writeDockerArchive,
  writeOciLayout,
  type ImageSpec,
} from '../fixtures/image-builder/index.js';
import { writeFileSetToDir } from '../fixtures/image-builder/file-set.js';
import { deepFreeze, scanSummary } from '../helpers/conformance.js';
import { docker, useEngine } from '../helpers/engine.js';
import { pushImages, testRegistries } from '../helpers/registry.js';
import { reassemble } from '../fuzz/corpus.js';

/** Incompressible, deterministic bytes, so the big layer's gzip blob is large too. */
function noise(size: number): Buffer {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 3), Buffer.alloc(16, 0));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

const SPEC: ImageSpec = {
  layers: [
    {
      createdBy: 'small',
      entries: [
        { type: 'dir', path: 'etc' },
        { type: 'file', path: 'etc/os-release', content: 'ID=test\n' },
        { type: 'symlink', path: 'etc/link', target: 'os-release' },
      ],
    },
    {
      createdBy: 'big',
      entries: [
        { type: 'dir', path: 'opt' },
        { type: 'file', path: 'opt/big.bin', content: noise(THREAD_MIN_BYTES + 100_000) },
        ...Array.from({ length: 50 }, (_, i) => ({ type: 'file' as const, path: `opt/s/${i}`, size: i * 101 })),
      ],
    },
  ],
};

const engine = useEngine();
const regs = testRegistries();
const tag = `ls-strategies-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const work = mkdtempSync(join(tmpdir(), 'layerscope-read-strategies-'));
const refs: Record<string, string> = {};

beforeAll(async () => {
  const plain = withLayerCompression(buildImage(SPEC), 'none');
  const gzip = withLayerCompression(plain, 'gzip');
  writeOciLayout(join(work, 'plain'), [{ image: plain, tag: '1' }]);
  writeOciLayout(join(work, 'gzip'), [{ image: gzip, tag: '1' }]);
  writeDockerArchive(join(work, 'save.tar'), [{ image: plain, tags: [`${tag}:1`] }], { format: 'legacy' });
  // The big plain layer named by a sha512 digest (its blob stored under blobs/sha512/).
  const big = plain.layers[1];
  const sha512 = `sha512:${createHash('sha512').update(big.blob).digest('hex')}`;
  const files = ociLayoutFiles([
    { image: reassemble(plain, plain.layers, { manifest: (m) => (m.layers[1].digest = sha512) }), tag: '1' },
  ]);
  files.set(`blobs/sha512/${sha512.slice(7)}`, big.blob);
  writeFileSetToDir(join(work, 'sha512'), files);
  Object.assign(refs, {
    plain: `oci:${join(work, 'plain')}:1`,
    gzip: `oci:${join(work, 'gzip')}:1`,
    sha512: `oci:${join(work, 'sha512')}:1`,
    archive: `docker-archive:${join(work, 'save.tar')}`,
  });
  if (regs) {
    await pushImages([{ image: gzip, tag: '1' }], '1', `${regs.anonymous}/strategies/${tag}:1`);
    refs.registry = `docker://${regs.anonymous}/strategies/${tag}:1`;
  }
  if (engine) {
    docker(['load', '-q', '-i', join(work, 'save.tar')]);
    refs.engine = `docker:${tag}:1`;
  }
}, 120_000);

afterAll(() => {
  if (engine) docker(['rmi', `${tag}:1`]);
  rmSync(work, { recursive: true, force: true });
});

/** The real strategies (or those named), each noting which layers it read. */
function noting(read: Map<number, string>, names?: string[]): ReadStrategy[] {
  return READ_STRATEGIES.filter((s) => !names || names.includes(s.name)).map((s): ReadStrategy =>
    s.scope === 'layer'
      ? {
          ...s,
          read: async (r: LayerRead) => {
            const scan = await s.read(r);
            if (scan) read.set(r.layer.index, s.name);
            return scan;
          },
        }
      : {
          ...s,
          read: async (pass: StreamPass) => {
            await s.read(pass);
            for (const l of pass.missing) read.set(l.index, s.name);
          },
        },
  );
}

async function withImage<T>(ref: string, use: (image: Image) => Promise<T>): Promise<T> {
  const image = deepFreeze(await openImage(ref));
  try {
    return await use(image);
  } finally {
    await image.close();
  }
}

/** Scans `ref` with the named strategies (all by default): which read each layer, the figures, the described layers. */
function scanWith(ref: string, names?: string[], hashContent = false) {
  return withImage(ref, async (image) => {
    const read = new Map<number, string>();
    const session = new ScanSession(undefined, noting(read, names));
    const scans = await session.scanImage(image, { hashContent });
    const described = await session.describe(image);
    const blobs = described.layers.map((l) => ({ compression: l.compression, blobSize: l.blobSize }));
    return { readBy: image.layers.map((l) => read.get(l.index)), summary: scanSummary(scans), blobs };
  });
}

const plan = (ref: string) =>
  withImage(ref, async (image) =>
    image.layers.map((l) => {
      const caps = layerCapabilities(image, l);
      return { caps, chosen: chooseRead(READ_STRATEGIES, caps, l)?.name };
    }),
  );

const caps = (seek: boolean, compressedSize: boolean, pushed: boolean) => ({
  stream: true,
  seek,
  compressedSize,
  pushed,
});

describe('read strategies', () => {
  it('states each layer capabilities and chooses the first strategy that fits', async () => {
    const local = caps(true, true, false);
    expect(await plan(refs.plain)).toEqual([
      { caps: local, chosen: 'stream' }, // small
      { caps: local, chosen: 'seek' },
    ]);
    // Seek fits the large gzip blob by what its source offers; its bytes decide (below).
    expect((await plan(refs.gzip)).map((p) => p.chosen)).toEqual(['stream', 'seek']);
    expect((await plan(refs.sha512)).map((p) => p.chosen)).toEqual(['stream', 'stream']);
    expect((await plan(refs.archive)).map((p) => p.chosen)).toEqual(['stream', 'seek']);
    if (regs)
      expect(await plan(refs.registry)).toEqual(Array(2).fill({ caps: caps(false, true, false), chosen: 'stream' }));
    if (engine)
      expect(await plan(refs.engine)).toEqual(Array(2).fill({ caps: caps(false, false, true), chosen: 'pushed' }));
  });

  it('reads a large plain layer in a file by seeking, everything else by a stream or the push', async () => {
    const plain = await scanWith(refs.plain);
    expect(plain.readBy).toEqual(['stream', 'seek']);
    expect((await scanWith(refs.archive)).readBy).toEqual(['stream', 'seek']);
    expect((await scanWith(refs.gzip)).readBy).toEqual(['stream', 'stream']); // seek declined: compressed
    expect((await scanWith(refs.sha512)).readBy).toEqual(['stream', 'stream']);
    if (regs) expect((await scanWith(refs.registry)).readBy).toEqual(['stream', 'stream']);
    if (engine) expect((await scanWith(refs.engine)).readBy).toEqual(['pushed', 'pushed']);
  });

  it('gives the same figures whichever strategy is forced', async () => {
    const seek = await scanWith(refs.plain);
    const stream = await scanWith(refs.plain, ['stream']);
    expect(stream.readBy).toEqual(['stream', 'stream']);
    expect(stream.summary).toEqual(seek.summary);
    expect(stream.blobs).toEqual(seek.blobs);
    expect(seek.blobs[1]).toEqual({ compression: 'none', blobSize: seek.summary[1].tarSize });
    expect((await scanWith(refs.plain, ['stream'], true)).summary).toEqual(
      (await scanWith(refs.plain, undefined, true)).summary,
    );
    expect((await scanWith(refs.gzip)).summary).toEqual(seek.summary);
    if (engine) {
      const pushed = await scanWith(refs.engine, ['pushed']);
      const opened = await scanWith(refs.engine, ['stream']);
      expect([pushed.readBy, opened.readBy]).toEqual([
        ['pushed', 'pushed'],
        ['stream', 'stream'],
      ]);
      expect(pushed.summary).toEqual(seek.summary);
      expect(opened.summary).toEqual(seek.summary);
    }
  });

  it('fails, naming the layer, when no strategy of the table can read it', async () => {
    await expect(scanWith(refs.plain, ['seek'])).rejects.toThrow(
      /reading layer 1\/2 .*no read strategy \(seek\) reads layer 1/,
    );
    await expect(scanWith(refs.gzip, ['seek', 'pushed'])).rejects.toThrow(
      /no read strategy \(pushed, seek\) reads layer/,
    );
  });
});

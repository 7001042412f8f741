/**
 * The gzip estimate (what `docker push` sends for a plain layer) against the real gzip -6
 * of each whole tar: exact for layers the estimate deflates whole, within ±20% where it
 * samples, and the same figure however the tar is read (a stream of unknown length in
 * chunks of any size, a known length, a file read where the samples lie, a scan).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { estimateFromRanges, GzipEstimator, WHOLE_BYTES } from '../../src/scan/hash/gzip-estimate.js';
import { ScanSession } from '../../src/scan/scan-image.js';
import { openImage } from '../../src/source/open-image.js';
import { buildImage, buildLayerTar, writeDockerArchive, type EntrySpec } from '../fixtures/image-builder/index.js';
import { binaryBytes, files, prng, randomBytes, textBytes } from './layer-contents.js';

const work = mkdtempSync(join(tmpdir(), 'layerscope-gzip-estimate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const gzip6 = (tar: Buffer) => gzipSync(tar, { level: 6 }).length;

/** Ordinary layers of about `scale` bytes each, by kind. */
function layers(scale: number): Record<string, EntrySpec[]> {
  const r = prng(scale);
  const text = (n: number) => textBytes(n, r);
  return {
    text: files('src', 40, (i) => Math.floor(scale / 40) + i * 17, text),
    random: files(
      'blobs',
      8,
      (i) => Math.floor(scale / 8) - i * 100,
      (n) => randomBytes(n, r),
    ),
    binary: files(
      'bin',
      12,
      (i) => Math.floor(scale / 12) + i * 1000,
      (n) => binaryBytes(n, r),
    ),
    mixed: [
      ...files('mixed/text', 10, () => Math.floor(scale / 30), text),
      ...files(
        'mixed/blob',
        5,
        () => Math.floor(scale / 15),
        (n) => randomBytes(n, r),
      ),
      ...files(
        'mixed/bin',
        5,
        () => Math.floor(scale / 15),
        (n) => binaryBytes(n, r),
      ),
    ],
    'many small files': files('node_modules/pkg', Math.floor(scale / 900), (i) => 100 + ((i * 379) % 1500), text),
  };
}

/** Feeds `tar` in chunks of varying size, as streams deliver it. */
function streamed(tar: Buffer, tarSize?: number): Promise<number> {
  const estimator = new GzipEstimator(tarSize);
  const r = prng(tar.length);
  for (let at = 0; at < tar.length;) {
    const n = 1 + Math.floor(r() * 200_000);
    estimator.write(tar.subarray(at, at + n));
    at += n;
  }
  return estimator.finish();
}

async function fromFile(tar: Buffer): Promise<number> {
  const path = join(work, `layer-${tar.length}.tar`);
  writeFileSync(path, tar);
  const fh = await open(path, 'r');
  try {
    return await estimateFromRanges(tar.length, async (offset, length) => {
      const buf = Buffer.alloc(length);
      await fh.read(buf, 0, length, offset);
      return buf;
    });
  } finally {
    await fh.close();
  }
}

describe('the gzip estimate of a layer tar', () => {
  const kinds = ['text', 'random', 'binary', 'mixed', 'many small files'];

  it.each(kinds)('is the exact gzip -6 size for a layer deflated whole (%s)', async (kind) => {
    const tar = buildLayerTar(layers(1_500_000)[kind]);
    expect(tar.length).toBeLessThanOrEqual(WHOLE_BYTES);
    expect(await streamed(tar)).toBe(gzip6(tar));
    expect(await fromFile(tar)).toBe(gzip6(tar));
  });

  it.each(kinds)('is within a fifth of gzip -6 where it samples (%s, ~6 MB)', async (kind) => {
    const tar = buildLayerTar(layers(6_000_000)[kind]);
    expect(tar.length).toBeGreaterThan(WHOLE_BYTES);
    const estimate = await streamed(tar);
    expect(Math.abs(estimate / gzip6(tar) - 1)).toBeLessThan(0.2);
    expect(await streamed(tar, tar.length)).toBe(estimate);
    expect(await fromFile(tar)).toBe(estimate);
  });

  it('is within a fifth of gzip -6 on a large layer of mixed content (~40 MB: one piece of 64 KiB in 32)', async () => {
    const tar = buildLayerTar(Object.values(layers(8_000_000)).flat());
    expect(tar.length).toBeGreaterThan((32 * 32 * 64 * 1024) / 2);
    const estimate = await fromFile(tar);
    expect(Math.abs(estimate / gzip6(tar) - 1)).toBeLessThan(0.2);
    expect(await streamed(tar)).toBe(estimate);
  });

  it('is what a scan of a docker save keeps, read as a stream and as a file it seeks in', async () => {
    const spec = Object.values(layers(1_000_000)).map((entries, i) => ({
      createdBy: `layer ${i}`,
      compression: 'none' as const,
      entries,
    }));
    const image = buildImage({
      layers: [...spec, { createdBy: 'big', compression: 'none', entries: layers(10_000_000).mixed }],
    });
    const archive = join(work, 'save.tar');
    writeDockerArchive(archive, [{ image, tags: ['est:1'] }], { format: 'legacy' });
    const opened = await openImage(`docker-archive:${archive}`);
    try {
      const scans = await new ScanSession().scanImage(opened);
      expect(scans.map((s) => s.gzipEstimate).slice(0, -1)).toEqual(image.layers.slice(0, -1).map((l) => gzip6(l.tar)));
      expect(Math.abs(scans.at(-1)!.gzipEstimate / gzip6(image.layers.at(-1)!.tar) - 1)).toBeLessThan(0.2);
      expect(scans.at(-1)!.gzipEstimate).toBe(await streamed(image.layers.at(-1)!.tar));
    } finally {
      await opened.close();
    }
  });
});

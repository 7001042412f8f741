/**
 * Large plain layers in local files are scanned by seeking (scan-file.ts): the scan must be
 * the one a stream gives, from an OCI layout directory and from inside a docker save tar,
 * with and without content hashes; damaged and short files must fail.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFile } from '../../src/scan/scan-file.js';
import { ScanSession } from '../../src/scan/scan-image.js';
import { THREAD_MIN_BYTES } from '../../src/scan/hash/sha256.js';
import { openImage } from '../../src/source/open-image.js';
import {
  buildImage,
  withLayerCompression,
  writeDockerArchive,
  writeOciLayout,
} from '../fixtures/image-builder/index.js';
import { CONFORMANCE_SPEC, scanSummary } from '../helpers/conformance.js';

const work = mkdtempSync(join(tmpdir(), 'layerscope-scan-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The conformance image plus a layer past the worker threshold, with bodies to seek over. */
const spec = {
  ...CONFORMANCE_SPEC,
  layers: [
    ...CONFORMANCE_SPEC.layers,
    {
      createdBy: 'big layer',
      compression: 'none' as const,
      entries: [
        { type: 'file' as const, path: 'big/blob.bin', size: THREAD_MIN_BYTES + 12_345 },
        ...Array.from({ length: 300 }, (_, i) => ({
          type: 'file' as const,
          path: `big/small/${i}.txt`,
          size: (i * 37) % 2000,
        })),
        { type: 'file' as const, path: 'big/mid.bin', size: 200_000 },
        { type: 'symlink' as const, path: 'big/link', target: 'mid.bin' },
      ],
    },
  ],
  history: [...CONFORMANCE_SPEC.history!, { createdBy: 'big layer' }],
};
const plain = withLayerCompression(buildImage(spec), 'none');
const gzip = withLayerCompression(plain, 'gzip');
const ociPlain = join(work, 'oci-plain');
const ociGzip = join(work, 'oci-gzip');
const archive = join(work, 'save.tar');
writeOciLayout(ociPlain, [{ image: plain, tag: 'v' }]);
writeOciLayout(ociGzip, [{ image: gzip, tag: 'v' }]);
writeDockerArchive(archive, [{ image: plain, tags: ['big:v'] }], { format: 'legacy' });

async function scanRef(ref: string, hashContent = false) {
  const image = await openImage(ref);
  try {
    return { image, scans: await new ScanSession().scanImage(image, { hashContent }) };
  } finally {
    await image.close();
  }
}

describe('scanning large plain layers in files', () => {
  it('gives the scan a stream gives, from a layout directory and from inside a tar', async () => {
    const viaStream = await scanRef(`oci:${ociGzip}`);
    const fromDir = await scanRef(`oci:${ociPlain}`);
    const fromTar = await scanRef(`docker-archive:${archive}`);
    const big = fromDir.image.layers.at(-1)!;
    expect(big.file?.size).toBeGreaterThanOrEqual(THREAD_MIN_BYTES);
    expect(fromTar.image.layers.at(-1)!.file?.offset).toBeGreaterThan(0);
    expect(scanSummary(fromDir.scans)).toEqual(scanSummary(viaStream.scans));
    expect(scanSummary(fromTar.scans)).toEqual(scanSummary(viaStream.scans));
    expect(fromDir.scans.at(-1)!.entries.length).toBe(303);
  });

  it('hashes file content the same way when a comparison asks for it', async () => {
    const viaStream = await scanRef(`oci:${ociGzip}`, true);
    const fromDir = await scanRef(`oci:${ociPlain}`, true);
    expect(fromDir.scans.at(-1)!.entries.find((e) => e.path === '/big/blob.bin')?.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(scanSummary(fromDir.scans)).toEqual(scanSummary(viaStream.scans));
  });

  it('leaves compressed blobs to the stream scan', async () => {
    const image = await openImage(`oci:${ociGzip}`);
    try {
      expect(await scanFile(image.layers.at(-1)!.file!)).toBeUndefined();
    } finally {
      await image.close();
    }
  });

  it('fails on a damaged body (digest) and on a file shorter than its blob', async () => {
    const image = await openImage(`oci:${ociPlain}`);
    const file = image.layers.at(-1)!.file!;
    await image.close();
    const copy = join(work, 'damaged.tar');
    const bytes = readFileSync(file.path);
    bytes[2048 + 5000] ^= 0xff; // inside big/blob.bin's body, which the walk seeks over
    writeFileSync(copy, bytes);
    const expectDiffID = image.layers.at(-1)!.diffID;
    await expect(scanFile({ ...file, path: copy }, { expectDiffID })).rejects.toThrow(/diffID mismatch/);
    truncateSync(copy, file.size - 10_000);
    await expect(scanFile({ ...file, path: copy }, { expectDiffID })).rejects.toThrow(/unexpected end/i);
  });
});

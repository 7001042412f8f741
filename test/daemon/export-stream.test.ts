/**
 * The export reader over both `docker save` layouts. The engine in CI is Docker 20.10 and
 * exports the legacy layout only, so the Docker 25+ layout is fed from an archive written
 * by the image builder — the same bytes an engine would send, through the same code.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { ScanSession } from '../../src/scan/scan-image.js';
import { exportBlobs, isLayer } from '../../src/source/daemon/export-stream.js';
import { openImage } from '../../src/source/open-image.js';
import { conformanceImage, scanReference, scanSummary } from '../helpers/conformance.js';
import { writeDockerArchive, type BuiltImage } from '../fixtures/image-builder/index.js';

let dir: string;
let built: BuiltImage;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-export-'));
  built = conformanceImage();
  writeDockerArchive(join(dir, 'legacy.tar'), [{ image: built, tags: ['conformance:1.0'] }], { format: 'legacy' });
  writeDockerArchive(join(dir, 'docker25.tar'), [{ image: built, tags: ['conformance:1.0'] }], { format: 'oci' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Scans an archive's image with its content delivered as one export stream. */
async function scanAsExport(file: string, archive: () => Readable = () => createReadStream(file)) {
  const image = await openImage(`docker-archive:${file}`);
  const json: Array<{ name: string; sha: string }> = [];
  image.streamBlobs = () =>
    exportBlobs(archive(), {
      onJson: (name, bytes) => json.push({ name, sha: `sha256:${createHash('sha256').update(bytes).digest('hex')}` }),
      mapError: (err) => new Error(`export broke: ${(err as Error).message}`),
    });
  image.layers.forEach((l) => (l.openBlob = () => Promise.reject(new Error('must not open layers one by one'))));
  const session = new ScanSession();
  try {
    const scans = await session.scanImage(image);
    return { summary: scanSummary(scans), json };
  } finally {
    await image.close();
  }
}

describe('exportBlobs', () => {
  it.each(['legacy.tar', 'docker25.tar'])('scans %s as one stream exactly as the archive source does', async (name) => {
    const reference = await scanReference(`docker-archive:${join(dir, 'legacy.tar')}`);
    const streamed = await scanAsExport(join(dir, name));
    expect(streamed.summary).toEqual(reference.summary);
    expect(streamed.json.map((j) => j.sha)).toContain(built.configDigest);
  });

  it('skips members that are not layers (config, manifest.json, VERSION, repositories)', async () => {
    const names: string[] = [];
    for await (const blob of exportBlobs(createReadStream(join(dir, 'legacy.tar')))) {
      names.push(blob.name);
      blob.stream.resume();
    }
    expect(names).toHaveLength(built.layers.length);
    expect(names.every((n) => n.endsWith('/layer.tar'))).toBe(true);
  });

  it('names Docker 25+ blobs by digest (uncompressed there: digest = diffID)', async () => {
    const digests: Array<string | undefined> = [];
    for await (const blob of exportBlobs(createReadStream(join(dir, 'docker25.tar')))) {
      digests.push(blob.digest);
      blob.stream.resume();
    }
    expect(new Set(digests)).toEqual(new Set(built.layers.map((l) => l.diffID)));
  });

  it('turns a stream that breaks inside a layer into the mapped error', async () => {
    const bytes = readFileSync(join(dir, 'legacy.tar'));
    const cut = Math.floor(statSync(join(dir, 'legacy.tar')).size / 2);
    const broken = () => {
      const s = new PassThrough();
      s.write(bytes.subarray(0, cut));
      setTimeout(() => s.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })), 20);
      return s;
    };
    await expect(scanAsExport(join(dir, 'legacy.tar'), broken)).rejects.toThrow(/export broke: aborted/);
  });

  it('turns a stream that ends early into the mapped error', async () => {
    const bytes = readFileSync(join(dir, 'legacy.tar'));
    await expect(scanAsExport(join(dir, 'legacy.tar'), () => Readable.from([bytes.subarray(0, 3000)]))).rejects.toThrow(/^export broke: Unexpected end of data$/);
  });

  it('recognises layers by their first bytes', () => {
    const block = Buffer.alloc(512);
    expect(isLayer(Buffer.from([0x1f, 0x8b, 8, 0]), 40)).toBe(true);
    expect(isLayer(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), 40)).toBe(true);
    expect(isLayer(block, 1024)).toBe(true);
    block.write('ustar', 257, 'latin1');
    expect(isLayer(block, 2048)).toBe(true);
    expect(isLayer(Buffer.from('{"architecture":"amd64"}'), 24)).toBe(false);
    expect(isLayer(Buffer.from('1.0'), 3)).toBe(false);
    expect(isLayer(Buffer.alloc(512, 0x41), 1024)).toBe(false);
  });
});

/**
 * The export reader over both `docker save` layouts, fed as the connection feeds it: through
 * one buffer that is reused (and here poisoned) as soon as the reader lets go of it. The
 * engine in CI is Docker 20.10 and exports the legacy layout only, so the Docker 25+ layout
 * is fed from an archive written by the image builder — the same bytes an engine would send.
 */
import { createHash, type Hash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanSession } from '../../src/scan/scan-image.js';
import { ExportReader, isLayer, type ExportHandlers } from '../../src/source/daemon/export-reader.js';
import type { BlobSink, Image } from '../../src/source/model.js';
import { openImage } from '../../src/source/open-image.js';
import { conformanceImage, scanReference, scanSummary } from '../helpers/conformance.js';
import {
  dockerLegacyFiles,
  writeDockerArchive,
  writeOciArchive,
  type BuiltImage,
} from '../fixtures/image-builder/index.js';
import { writeFileSetToTar } from '../fixtures/image-builder/file-set.js';

let dir: string;
let built: BuiltImage;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-export-'));
  built = conformanceImage();
  writeDockerArchive(file('legacy.tar'), [{ image: built, tags: ['conformance:1.0'] }], { format: 'legacy' });
  writeDockerArchive(file('docker25.tar'), [{ image: built, tags: ['conformance:1.0'] }], { format: 'oci' });
  // gzip layers named by digest: what a source that keeps compressed blobs would export.
  writeOciArchive(file('gzip.tar'), [{ image: built, tag: '1.0' }]);
  const legacy = dockerLegacyFiles([{ image: built, tags: ['conformance:1.0'] }]);
  legacy.delete('manifest.json');
  writeFileSetToTar(file('no-manifest.tar'), legacy);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Feeds `bytes` as a connection does: `size` bytes at a time through one buffer, poisoned once released. */
async function feed(reader: ExportReader, bytes: Buffer, size: number): Promise<void> {
  const buf = Buffer.alloc(size);
  try {
    for (let off = 0; off < bytes.length; off += size) {
      const n = bytes.copy(buf, 0, off, off + size);
      const waiting = reader.write(buf.subarray(0, n));
      if (waiting) await waiting;
      buf.fill(0xee);
    }
    await reader.end();
  } catch (err) {
    reader.abort();
    throw err;
  }
}

/**
 * Scans the legacy archive's image with its content pushed from `exported`, `size` bytes a
 * read; with `named`, the reader is given the image's diffIDs (as the engine source does).
 */
async function scanAsExport(exported: Buffer, size: number, named = false) {
  const archive = await openImage(`docker-archive:${file('legacy.tar')}`);
  const json: string[] = [];
  const onJson: ExportHandlers['onJson'] = (_name, bytes) =>
    json.push(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
  const diffIDs = named ? archive.layers.map((l) => l.diffID) : undefined;
  // A new image (images are values): the archive's, its content pushed as the engine's export is.
  const image: Image = {
    ...archive,
    pushBlobs: async (onBlob) => {
      await feed(new ExportReader({ onBlob, onJson, diffIDs }), exported, size);
      return undefined; // the test's export carries no config the scan should take
    },
    layers: archive.layers.map((l) => ({
      ...l,
      openBlob: () => Promise.reject(new Error('must not open layers one by one')),
    })),
  };
  try {
    return { summary: scanSummary(await new ScanSession().scanImage(image)), json };
  } finally {
    await image.close();
  }
}

/** The members the reader offers as layers, each with the sha256 of the bytes it pushed. */
async function pushedLayers(
  exported: Buffer,
  size: number,
  sink: (hash: Hash) => BlobSink['write'] = (h) => (c) => void h.update(c),
  diffIDs?: string[],
) {
  const layers: Array<{ name: string; digest?: string; sha?: string; diffID?: string }> = [];
  const reader = new ExportReader({
    diffIDs,
    onBlob: (blob) => {
      const hash = createHash('sha256');
      const layer: (typeof layers)[number] = { name: blob.name, digest: blob.digest };
      layers.push(layer);
      const write = sink(hash);
      let last: Promise<void> | undefined;
      return {
        write: (chunk) => (last = write(chunk) ?? last),
        end: async () => {
          await last; // a sink may be ended while its last writes still wait
          layer.sha = `sha256:${hash.digest('hex')}`;
          layer.diffID = await blob.diffID;
        },
        abort: () => {},
      };
    },
  });
  await feed(reader, exported, size);
  return layers;
}

describe('ExportReader', () => {
  it.each([
    ['legacy.tar', 1 << 20],
    ['legacy.tar', 511],
    ['legacy.tar', 7],
    ['docker25.tar', 4096],
    ['gzip.tar', 65536],
    ['gzip.tar', 513],
  ])('scans %s pushed %i bytes a read exactly as the archive source does', async (name, size) => {
    const reference = await scanReference(`docker-archive:${file('legacy.tar')}`);
    const pushed = await scanAsExport(readFileSync(file(name)), size);
    expect(pushed.summary).toEqual(reference.summary);
    expect(pushed.json).toContain(built.configDigest);
  });

  it('offers only layers (not the config, manifest.json, VERSION, repositories), each byte for byte', async () => {
    const layers = await pushedLayers(readFileSync(file('legacy.tar')), 1000);
    expect(layers.every((l) => l.name.endsWith('/layer.tar'))).toBe(true);
    expect(new Set(layers.map((l) => l.sha))).toEqual(new Set(built.layers.map((l) => l.diffID)));
  });

  it('names Docker 25+ blobs by digest (uncompressed there: digest = diffID)', async () => {
    const layers = await pushedLayers(readFileSync(file('docker25.tar')), 4096);
    expect(new Set(layers.map((l) => l.digest))).toEqual(new Set(built.layers.map((l) => l.diffID)));
    expect(layers.every((l) => l.digest === l.sha)).toBe(true);
  });

  it.each([
    ['legacy.tar', 1 << 20],
    ['legacy.tar', 300],
    ['docker25.tar', 4096],
    ['gzip.tar', 65536],
  ])('scans %s pushed %i bytes a read, told the diffIDs, exactly as the archive source does', async (name, size) => {
    const reference = await scanReference(`docker-archive:${file('legacy.tar')}`);
    expect((await scanAsExport(readFileSync(file(name)), size, true)).summary).toEqual(reference.summary);
  });

  it('given the diffIDs, names each plain layer by manifest.json (legacy) or its blob name (Docker 25+), not compressed ones', async () => {
    const diffIDs = built.layers.map((l) => l.diffID);
    const legacy = await pushedLayers(readFileSync(file('legacy.tar')), 4096, undefined, diffIDs);
    expect(legacy.every((l) => l.diffID === l.sha)).toBe(true);
    expect(new Set(legacy.map((l) => l.diffID))).toEqual(new Set(diffIDs));
    const docker25 = await pushedLayers(readFileSync(file('docker25.tar')), 4096, undefined, diffIDs);
    expect(docker25.every((l) => l.diffID === l.sha && l.diffID === l.digest)).toBe(true);
    const gzip = await pushedLayers(readFileSync(file('gzip.tar')), 4096, undefined, diffIDs);
    expect(gzip.map((l) => l.diffID)).toEqual(gzip.map(() => undefined));
  });

  it('fails, naming the member, when no manifest.json says which layer a legacy member is', async () => {
    await expect(scanAsExport(readFileSync(file('no-manifest.tar')), 4096, true)).rejects.toThrow(
      /^reading [0-9a-f]{64}\/layer\.tar of docker-archive:.*: cannot tell which layer [0-9a-f]{64}\/layer\.tar is: the export has no manifest\.json$/,
    );
    const other = built.layers.map((_, i) => `sha256:${String(i).repeat(64)}`);
    await expect(pushedLayers(readFileSync(file('legacy.tar')), 4096, undefined, other.slice(1))).rejects.toThrow(
      /does not list it as a layer of the image/,
    );
  });

  it('keeps a chunk unchanged for a sink until the sink lets go of it', async () => {
    // The sink reads each chunk only when its promise settles: a reader that reused the buffer earlier would hash poison.
    const later = (hash: Hash) => (chunk: Buffer) =>
      new Promise<void>((resolve) => setImmediate(() => resolve(void hash.update(chunk))));
    const layers = await pushedLayers(readFileSync(file('legacy.tar')), 3000, later);
    expect(new Set(layers.map((l) => l.sha))).toEqual(new Set(built.layers.map((l) => l.diffID)));
  });

  it('fails on an export that ends early', async () => {
    await expect(scanAsExport(readFileSync(file('legacy.tar')).subarray(0, 3000), 1024)).rejects.toThrow(
      /^Unexpected end of data$/,
    );
  });

  it('fails with the member named when a layer inside the export is damaged', async () => {
    const bytes = Buffer.from(readFileSync(file('legacy.tar')));
    const at = bytes.indexOf(built.layers[0].tar.subarray(0, 512));
    bytes[at + 100] ^= 0x01; // the first entry's mode: its header checksum no longer holds
    await expect(scanAsExport(bytes, 4096)).rejects.toThrow(/^reading [0-9a-f]{64}\/layer\.tar of docker-archive:.*: /);
  });

  it('fails a damaged gzip layer without hanging', async () => {
    const bytes = Buffer.from(readFileSync(file('gzip.tar')));
    const at = bytes.indexOf(built.layers[1].blob.subarray(0, 64));
    bytes.fill(0x55, at + 20, at + 60);
    await expect(scanAsExport(bytes, 4096)).rejects.toThrow(/^reading blobs\/sha256\/[0-9a-f]{64} of docker-archive:/);
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

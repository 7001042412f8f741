/** Plain LayerScans for pure analysis tests, and real scans of images built by code. */
import { Readable } from 'node:stream';
import type { FileRecord } from '../../src/scan/file-record.js';
import { countRecord, emptyCounts, inodesOf } from '../../src/scan/file-record.js';
import { SCAN_FORMAT_VERSION, type LayerScan } from '../../src/scan/layer-scan.js';
import { scanBlob } from '../../src/scan/scan-blob.js';
import { buildImage, type ImageSpec } from '../fixtures/image-builder/index.js';

/** Shorthand records: 'f /a 100' file, 'd /a' dir, 'l /a -> t' symlink, 'h /a => /t' hardlink, 'w /a' whiteout, 'o /a' opaque. */
export function rec(line: string): FileRecord {
  const [kind, path, third, fourth] = line.trim().split(/\s+/);
  switch (kind) {
    case 'f':
      return { path, type: 'file', size: Number(third ?? 0), mode: 0o644 };
    case 'd':
      return { path, type: 'dir', size: 0, mode: 0o755 };
    case 'l':
      return { path, type: 'symlink', size: 0, mode: 0o777, linkTarget: fourth };
    case 'h':
      return { path, type: 'hardlink', size: 0, mode: 0o644, linkTarget: fourth };
    case 'w':
      return { path, type: 'whiteout', size: 0, mode: 0 };
    case 'o':
      return { path, type: 'opaque', size: 0, mode: 0 };
  }
  throw new Error(`bad record line: ${line}`);
}

export function layerScan(entries: FileRecord[], i = 0): LayerScan {
  const counts = emptyCounts();
  for (const e of entries) countRecord(counts, e.type);
  const contentBytes = entries.reduce((a, e) => a + (e.type === 'file' ? e.size : 0), 0);
  return {
    formatVersion: SCAN_FORMAT_VERSION,
    diffID: `sha256:${String(i).padStart(64, '0')}`,
    tarSize: 0,
    contentBytes,
    size: contentBytes,
    counts,
    inodes: inodesOf(counts),
    entries,
    hashed: false,
  };
}

/** Layers written as shorthand lines, one array per layer. */
export function scans(...layers: string[][]): LayerScan[] {
  return layers.map((lines, i) => layerScan(lines.map(rec), i));
}

/** Builds the image with the test image builder and scans each layer blob for real. */
export async function scanBuilt(spec: ImageSpec): Promise<LayerScan[]> {
  const image = buildImage(spec);
  return Promise.all(image.layers.map((l) => scanBlob(Readable.from([l.blob]), { expectDiffID: l.diffID })));
}

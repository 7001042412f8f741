/** Churn on real scans of built layers: unchanged bytes by content hash, and which finding. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chainIDs } from '../../src/analysis/compare/chain-id.js';
import { layerChurn } from '../../src/analysis/compare/churn.js';
import type { CompareSide } from '../../src/analysis/compare/compare-report.js';
import { layerReuse } from '../../src/analysis/compare/layer-reuse.js';
import type { LayerScan } from '../../src/scan/layer-scan.js';
import { scanBlob } from '../../src/scan/scan-blob.js';
import { summaryOf } from './image-summary.js';
import { buildLayer, type EntrySpec } from '../fixtures/image-builder/index.js';

async function side(
  layers: Array<{ createdBy: string; entries: EntrySpec[] }>,
  hashContent = true,
): Promise<CompareSide> {
  const scans: LayerScan[] = await Promise.all(
    layers.map((l) => scanBlob(Readable.from([buildLayer({ entries: l.entries }).blob]), { hashContent })),
  );
  const chains = chainIDs(scans.map((s) => s.diffID));
  const rows = scans.map((s, i) => ({
    layer: i + 1,
    diffID: s.diffID,
    chainID: chains[i],
    createdBy: layers[i].createdBy,
    size: s.size,
    tarSize: s.tarSize,
    inodes: s.inodes,
    files: s.counts.files,
    compressedSize: null,
  }));
  const summary = summaryOf(rows.length);
  return { side: { summary, totals: { size: 0, tarBytes: 0, inodes: 0, compressedBytes: null }, layers: rows }, scans };
}

function churnOf(a: CompareSide, b: CompareSide) {
  return layerChurn(a.scans, b.scans, layerReuse(a.side, b.side));
}

const base = {
  createdBy: 'ADD rootfs.tar /',
  entries: [{ type: 'file', path: 'bin/tool', size: 30_000 }] as EntrySpec[],
};
const app = (main: number, logo = 50_000) => ({
  createdBy: '/bin/sh -c #(nop) COPY dir:abc in /app ',
  entries: [
    { type: 'file', path: 'app/assets/logo.bin', size: logo },
    { type: 'file', path: 'app/assets/icons/a.svg', size: 4_000 },
    { type: 'file', path: 'app/src/main.js', size: main },
  ] as EntrySpec[],
});

describe('layerChurn', () => {
  it('names the directory that holds the unchanged bytes when it is no known dependency place', async () => {
    const a = await side([base, app(1_000)]);
    const b = await side([base, app(1_200)]);
    const churn = churnOf(a, b)!;
    expect(churn).toEqual([
      expect.objectContaining({ layer: 2, files: 3, bytes: 55_200, unchangedFiles: 2, unchangedBytes: 54_000 }),
    ]);
    expect(churn[0].finding).toMatchObject({ kind: 'unchanged-files', path: '/app/assets' });
  });

  it('no finding when less than half of the layer is unchanged, or too few bytes are', async () => {
    const a = await side([base, app(1_000, 5_000)]);
    const mostlyNew = await side([base, app(20_000, 5_000)]);
    expect(churnOf(a, mostlyNew)![0]).toMatchObject({ unchangedBytes: 9_000, finding: null });
    const small = await side([base, app(1_200, 5_000)]);
    expect(churnOf(a, small)![0]).toMatchObject({ unchangedBytes: 9_000, bytes: 10_200, finding: null });
  });

  it('is null without content hashes', async () => {
    const a = await side([base, app(1_000)], false);
    const b = await side([base, app(1_200)], false);
    expect(churnOf(a, b)).toBeNull();
  });
});

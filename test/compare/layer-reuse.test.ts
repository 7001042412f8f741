/** Layer reuse on plain sides: chain ID vs diffID, pull bytes exact or estimated, new disk bytes. */
import { describe, expect, it } from 'vitest';
import { chainIDs } from '../../src/analysis/compare/chain-id.js';
import type { ImageSide, SideLayer } from '../../src/analysis/compare/image-side.js';
import { summaryOf } from './image-summary.js';
import { layerReuse } from '../../src/analysis/compare/layer-reuse.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

/** Layers as [diffID letter, size, inodes, tarSize, compressedSize|null]; the scan's gzip estimate is a third of the tar. */
function side(layers: Array<[string, number, number, number, number | null]>): ImageSide {
  const chains = chainIDs(layers.map(([c]) => d(c)));
  const rows: SideLayer[] = layers.map(([c, size, inodes, tarSize, compressedSize], i) => ({
    layer: i + 1,
    diffID: d(c),
    chainID: chains[i],
    createdBy: `step ${c}`,
    size,
    tarSize,
    inodes,
    files: inodes,
    compressedSize,
    gzipEstimate: Math.round(tarSize / 3),
  }));
  const total = (k: 'size' | 'tarSize' | 'inodes') => rows.reduce((a, r) => a + r[k], 0);
  return {
    summary: summaryOf(rows.length),
    totals: { size: total('size'), tarBytes: total('tarSize'), inodes: total('inodes'), compressedBytes: null },
    layers: rows,
  };
}

describe('layerReuse', () => {
  it('top layer changed: one new layer, its exact blob size pulled', () => {
    const a = side([
      ['a', 1000, 10, 2048, 500],
      ['b', 300, 3, 1024, 200],
      ['c', 100, 2, 512, 90],
    ]);
    const b = side([
      ['a', 1000, 10, 2048, 500],
      ['b', 300, 3, 1024, 200],
      ['d', 150, 4, 512, 95],
    ]);
    const r = layerReuse(a, b);
    expect(r.byChainID).toEqual({ shared: 2, new: 1, sharedSize: 1300, ratio: 1300 / 1450 });
    expect(r.pull).toEqual({ bytes: 95, estimated: false, basis: 'blob', estimatedBytes: 0 });
    expect(r.newDisk).toEqual({ size: 150, inodes: 4, files: 4 });
    expect(r.commonPrefix).toBe(2);
    expect(r.rows.map((x) => x.status)).toEqual(['shared', 'shared', 'new']);
  });

  it('base changed: every layer above is new by chain ID although its diffID is in A', () => {
    const a = side([
      ['a', 1000, 10, 2048, null],
      ['b', 300, 3, 1024, null],
      ['c', 100, 2, 512, null],
    ]);
    const b = side([
      ['z', 1100, 11, 2048, null],
      ['b', 300, 3, 1024, null],
      ['c', 100, 2, 512, null],
    ]);
    const r = layerReuse(a, b);
    expect(r.byChainID).toMatchObject({ shared: 0, new: 3, sharedSize: 0, ratio: 0 });
    expect(r.byDiffID).toMatchObject({ shared: 2, new: 1, sharedSize: 400 });
    expect(r.rows.map((x) => [x.status, x.layerOfA])).toEqual([
      ['new', null],
      ['same-content', 2],
      ['same-content', 3],
    ]);
    // no compressed size anywhere: each layer's gzip estimate, never its tar size
    const estimate = Math.round(2048 / 3) + Math.round(1024 / 3) + Math.round(512 / 3);
    expect(r.pull).toEqual({ bytes: estimate, estimated: true, basis: 'gzip-estimate', estimatedBytes: estimate });
    expect(r.rows.every((x) => x.pullEstimated)).toBe(true);
    expect(r.newDisk).toEqual({ size: 1500, inodes: 16, files: 16 });
  });

  it("takes real blob sizes where known and the layer's own gzip estimate elsewhere, not a borrowed ratio", () => {
    const a = side([['a', 1000, 10, 4000, 1000]]);
    const b = side([
      ['a', 1000, 10, 4000, 1000],
      ['e', 10, 1, 2000, null],
      ['f', 10, 1, 900, 80],
    ]);
    const r = layerReuse(a, b);
    expect(r.rows.map((x) => [x.pullBytes, x.pullEstimated])).toEqual([
      [0, false],
      [667, true],
      [80, false],
    ]);
    expect(r.pull).toEqual({ bytes: 667 + 80, estimated: true, basis: 'gzip-estimate', estimatedBytes: 667 });
  });
});

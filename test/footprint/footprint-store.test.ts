import { describe, expect, it } from 'vitest';
import { hostFootprint } from '../../src/analysis/footprint/footprint.js';
import {
  overlay2Bookkeeping,
  storeItems,
  tarSplitBytes,
  type StoreOptions,
} from '../../src/analysis/footprint/footprint-store.js';
import { B, image, type LayerDef } from './helpers.js';

const overlay2: StoreOptions = { store: 'overlay2', blockSize: B, pulled: false };
const containerd: StoreOptions = { store: 'containerd', blockSize: B, pulled: false };

// Trees: base = root + /etc + 1 file of 1 block: 3 inodes, 3 blocks. app = root + /app + 2 one-block files.
const base: LayerDef = { name: 'base', lines: ['d /etc', 'f /etc/os-release 100'] };
const app: LayerDef = { name: 'app', lines: ['d /app', 'f /app/a.js 1', 'f /app/b.js 4096'] };
const other: LayerDef = { name: 'other-base', lines: ['d /usr', 'f /usr/x 5'] };

describe('footprint: the overlay2 store', () => {
  it('writes per layer: driver dir, link, l/ symlink, layerdb dir, cache-id, diff, size, tar-split (+ work, lower, parent with a parent)', () => {
    const layer = image('x', [base]).layers[0];
    // tar-split: 150 + 28 × 2 entries + 25 × 1 file with content = 231 B -> 1 block
    expect(tarSplitBytes(layer)).toBe(231);
    expect(overlay2Bookkeeping(layer, 0, overlay2)).toEqual({ bytes: 8 * B, inodes: 8 });
    expect(overlay2Bookkeeping(layer, 1, overlay2)).toEqual({ bytes: 11 * B, inodes: 11 });
    // lower holds depth × "l/<26 chars>" joined by ':' = 29 × depth − 1 bytes: 142 layers deep is 4,117 B, two blocks
    expect(overlay2Bookkeeping(layer, 141, overlay2).bytes).toBe(11 * B);
    expect(overlay2Bookkeeping(layer, 142, overlay2).bytes).toBe(12 * B);
  });

  it('sizes tar-split.json.gz by tar entries and files with content', () => {
    // 3,000 files with content + 500 directories: 150 + 28 × 3,500 + 25 × 3,000 = 173,150 B -> 43 blocks
    const many = image('many', [
      {
        name: 'm',
        lines: [
          ...Array.from({ length: 500 }, (_, i) => `d /d${i}`),
          ...Array.from({ length: 3000 }, (_, i) => `f /d${i % 500}/f${i} 10`),
        ],
      },
    ]);
    const layer = many.layers[0];
    expect(tarSplitBytes(layer)).toBe(173_150);
    expect(overlay2Bookkeeping(layer, 0, overlay2)).toEqual({ bytes: (7 + 43) * B, inodes: 8 });
  });

  it('adds the committed marker to a parent and the registry bookkeeping for pulled images', () => {
    const two = image('two', [base, app]);
    const loaded = hostFootprint([two], overlay2).total;
    // trees 3 + 4 inodes, 3 + 4 blocks; bookkeeping 8 + 11 (+1 committed in base); config 1 block
    expect(loaded).toEqual({ bytes: (3 + 4 + 8 + 11 + 1) * B, inodes: 3 + 4 + 8 + 11 + 1 + 1 });
    const pulled = hostFootprint([two], { ...overlay2, pulled: true }).total;
    // diffid-by-digest and v2metadata-by-diffid: 2 files per layer
    expect(pulled).toEqual({ bytes: loaded.bytes + 4 * B, inodes: loaded.inodes + 4 });
  });

  it('stores the same diffID on a different parent twice (one layer per chain ID)', () => {
    const a = image('a', [base, app]);
    const b = image('b', [other, app]);
    const fp = hostFootprint([a, b], overlay2);
    expect(fp.layers.map((l) => l.diffID)).toEqual([
      a.layers[0].diffID,
      a.layers[1].diffID,
      b.layers[0].diffID,
      a.layers[1].diffID,
    ]);
    expect(fp.layers[3]).toMatchObject({ layer: 4, sameDiffIDAs: 2 });
    expect(fp.layers[3].tree).toEqual(fp.layers[1].tree);
    // nothing is shared: each image's footprint is all its own, and the host holds both in full
    expect(fp.images.map((i) => i.shared)).toEqual([
      { bytes: 0, inodes: 0 },
      { bytes: 0, inodes: 0 },
    ]);
    expect(fp.total.bytes).toBe(fp.images[0].total.bytes + fp.images[1].total.bytes);
  });

  it('splits each image into shared and unique like docker system df -v', () => {
    const a = image('a', [base, app]);
    const c = image('c', [base]);
    const fp = hostFootprint([a, c], overlay2);
    // shared: the base tree (3 blocks/inodes), its bookkeeping (8/8), its committed marker (a has it, c not: unique to a)
    expect(fp.images[1]).toMatchObject({ shared: { bytes: 11 * B, inodes: 11 }, unique: { bytes: B, inodes: 1 } });
    expect(fp.images[0].shared).toEqual({ bytes: 11 * B, inodes: 11 });
    expect(fp.images[0].unique).toEqual({ bytes: (4 + 11 + 1) * B, inodes: 4 + 11 + 1 + 1 });
    expect(fp.total).toEqual({ bytes: (11 + 16 + 1) * B, inodes: 11 + 17 + 1 });
  });
});

describe('footprint: the containerd store', () => {
  it('keeps each blob once per digest and each snapshot once per chain ID', () => {
    const a = image('a', [
      { ...base, blobSize: 5000 },
      { ...app, blobSize: 9000 },
    ]);
    const b = image('b', [
      { ...other, blobSize: 100 },
      { ...app, blobSize: 9000 },
    ]);
    const fp = hostFootprint([a, b], containerd);
    // app: snapshot stored twice (two chain IDs), blob once (one digest): the second row has no blob
    expect(fp.layers[1].blob).toEqual({ bytes: 3 * B, inodes: 1 });
    expect(fp.layers[3].blob).toEqual({ bytes: 0, inodes: 0 });
    expect(fp.layers[3].tree).toEqual(fp.layers[1].tree);
    // per layer: tree + snapshot dir + work dir (2 blocks, 2 inodes) + blob; per image config + manifest
    const trees = (3 + 4 + 3 + 4) * B;
    const blobs = (2 + 3 + 1) * B;
    expect(fp.total.bytes).toBe(trees + 4 * 2 * B + blobs + 4 * B);
    expect(fp.total.inodes).toBe(3 + 4 + 3 + 4 + 8 + 3 + 4);
    expect(storeItems(a, containerd).some((i) => i.key.startsWith('layer:'))).toBe(false);
  });
});

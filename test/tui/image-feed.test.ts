import { describe, expect, it } from 'vitest';
import { ScanSession } from '../../src/scan/scan-image.js';
import { openImage } from '../../src/source/open-image.js';
import { ImageFeed, type FeedSnapshot } from '../../src/tui/feed/image-feed.js';

describe('the data behind explore', () => {
  it('scanImage reports each layer as its scan lands, and the bytes read per layer', async () => {
    const image = await openImage('samples/app-1.2.tar', {});
    const done: number[] = [];
    const bytes = new Map<number, number>();
    const scans = await new ScanSession().scanImage(image, {
      onLayer: (i, scan) => {
        done.push(i);
        expect(scan.diffID).toBe(image.layers[i].diffID);
      },
      onLayerBytes: (i, n) => bytes.set(i, (bytes.get(i) ?? 0) + n),
    });
    await image.close();
    expect([...done].sort()).toEqual([0, 1, 2, 3]);
    for (const [i, layer] of image.layers.entries()) expect(bytes.get(i)).toBe(layer.blobSize ?? scans[i].tarSize);
  });

  it('has the layer list from metadata before any layer is read, then fills in, merges and analyses', async () => {
    const image = await openImage('samples/wasteful.tar', {});
    const feed = new ImageFeed(image, { idleMs: 0 });
    const before = feed.getSnapshot();
    expect(before.layers.map((l) => [l.index, l.status, l.size, l.inodes])).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => [i, 'queued', null, null]),
    );
    expect(before.layers[3].createdBy).toBe('RUN rm /tmp/big.bin');
    expect(before.fs).toBeNull();

    const seen: FeedSnapshot[] = [];
    feed.subscribe(() => seen.push(feed.getSnapshot()));
    await feed.start(new ScanSession(), new AbortController().signal);
    const settled = await until(() => feed.getSnapshot().settled);
    expect(settled).toBe(true);
    const after = feed.getSnapshot();
    expect(after.layers.map((l) => l.inodes)).toEqual([51, 47, 6, 2, 2, 6]);
    expect(after.fsLayers).toBe(6);
    expect(after.analysis?.reclaimable.bytes).toBeGreaterThan(3_000_000);
    // Layers filled in one by one, and before the analysis.
    const doneCounts = seen.map((s) => s.layers.filter((l) => l.status === 'done').length);
    expect(doneCounts).toEqual([...doneCounts].sort((a, b) => a - b));
    expect(doneCounts.some((n) => n > 0 && n < 6)).toBe(true);
    expect(seen.findIndex((s) => s.analysis) > seen.findIndex((s) => s.layersDone === 6)).toBe(true);
    await image.close();
  });

  it('reports a scan failure as a line on the snapshot, not as a crash', async () => {
    const image = await openImage('samples/app-1.2.tar', {});
    const broken = {
      ...image,
      layers: image.layers.map((l, i) => (i === 2 ? { ...l, diffID: `sha256:${'0'.repeat(64)}` } : l)),
    };
    const feed = new ImageFeed(broken, { idleMs: 0 });
    await feed.start(new ScanSession(), new AbortController().signal);
    expect(feed.getSnapshot().error).toMatch(/layer 3\/4 of samples\/app-1\.2\.tar/);
    expect(feed.getSnapshot().settled).toBe(true);
    await image.close();
  });
});

async function until(ok: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

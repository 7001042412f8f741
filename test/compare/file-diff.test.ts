/** File-level diff of two final file systems, on plain scans with numbers worked by hand. */
import { describe, expect, it } from 'vitest';
import { rollup } from '../../src/analysis/directory-rollup.js';
import { diffFiles } from '../../src/analysis/file-diff.js';
import { mergeLayers } from '../../src/analysis/merge.js';
import type { LayerScan } from '../../src/scan/layer-scan.js';
import { scans } from '../analysis/helpers.js';

const side = (layers: LayerScan[]) => {
  const fs = mergeLayers(layers);
  return { fs, final: rollup(fs, { kind: 'final' }) };
};

const base = ['d /app', 'f /app/a 100', 'f /app/b 200', 'l /app/link -> a', 'd /etc', 'f /etc/x 10'];

/** Gives every file record a content hash: `content` by path, else one derived from the size. */
function hashed(layers: LayerScan[], content: Record<string, string> = {}): LayerScan[] {
  for (const l of layers) {
    l.hashed = true;
    for (const e of l.entries) if (e.type === 'file') e.hash = content[e.path] ?? `h${e.size}`;
  }
  return layers;
}

describe('diffFiles', () => {
  it('counts added, removed and modified entries with their byte and inode deltas', () => {
    const a = side(scans(base, ['f /app/c 50']));
    const b = scans(base, ['f /app/c 70', 'f /app/d 30', 'w /app/b', 'd /app/new', 'f /app/new/n 5', 'f /etc/x 10']);
    b[1].entries.find((e) => e.path === '/etc/x')!.mode = 0o755;
    const diff = diffFiles(a, side(b), { commonPrefix: 1, top: 10 });
    expect(diff.contentCompared).toBe(false);
    expect(diff.added).toEqual({ files: 2, dirs: 1, bytes: 35, inodes: 3 });
    expect(diff.removed).toEqual({ files: 1, dirs: 0, bytes: -200, inodes: -1 });
    expect(diff.modified).toEqual({ files: 2, dirs: 0, bytes: 20, inodes: 0 });
    expect(diff.before).toEqual({ bytes: 360, inodes: 7 });
    expect(diff.after).toEqual({ bytes: 215, inodes: 9 });
    expect(diff.topDirectories.byBytes.map((d) => [d.path, d.bytesBefore, d.bytesAfter, d.bytesDelta])).toEqual([
      ['/app', 350, 205, -145],
      ['/app/new', 0, 5, 5],
    ]);
    expect(diff.topDirectories.byInodes.map((d) => [d.path, d.inodesBefore, d.inodesAfter, d.inodesDelta])).toEqual([
      ['/app', 5, 7, 2],
      ['/app/new', 0, 2, 2],
    ]);
    expect(diff.largestChanges.map((c) => [c.path, c.change, c.bytesDelta, c.reasons])).toEqual([
      ['/app/b', 'removed', -200, []],
      ['/app/d', 'added', 30, []],
      ['/app/c', 'modified', 20, ['size']],
      ['/app/new/n', 'added', 5, []],
      ['/etc/x', 'modified', 0, ['mode']],
    ]);
  });

  it('finds same-size content changes by hash, and a symlink retargeted', () => {
    const a = side(hashed(scans(base, ['f /app/c 50'])));
    const b = hashed(scans(base, ['f /app/c 50', 'f /app/a 100', 'l /app/link -> c']), { '/app/a': 'other' });
    const diff = diffFiles(a, side(b), { commonPrefix: 1, top: 10 });
    expect(diff.contentCompared).toBe(true);
    expect(diff.modified).toEqual({ files: 2, dirs: 0, bytes: 0, inodes: 0 });
    expect(diff.largestChanges.map((c) => [c.path, c.reasons])).toEqual([
      ['/app/a', ['content']],
      ['/app/link', ['link']],
    ]);
    expect(diff.topDirectories.byBytes).toEqual([]);
  });

  it('sees a path whose type changed, and compares every path when no base is common', () => {
    const a = side(scans(['d /srv', 'f /srv/data 40', 'f /keep 1']));
    const b = side(scans(['f /srv 7', 'f /keep 1']));
    const diff = diffFiles(a, b, { commonPrefix: 0, top: 10 });
    expect(diff.modified).toEqual({ files: 1, dirs: 0, bytes: 7, inodes: 0 });
    expect(diff.removed).toEqual({ files: 1, dirs: 0, bytes: -40, inodes: -1 });
    expect(diff.largestChanges.find((c) => c.path === '/srv')).toMatchObject({ type: 'file', reasons: ['type'] });
  });
});

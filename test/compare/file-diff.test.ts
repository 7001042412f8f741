/** File-level diff of two final file systems, on plain scans with numbers worked by hand. */
import { describe, expect, it } from 'vitest';
import { diffFiles } from '../../src/analysis/compare/file-diff.js';
import type { LayerScan } from '../../src/scan/layer-scan.js';
import { scans } from '../analysis/helpers.js';

const side = (layers: LayerScan[]) => layers;

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
    // final file systems: A 100+200+50+10 = 360 B in 7 inodes, B 100+70+30+5+10 = 215 B in 9
    expect(diff.net).toEqual({ bytes: 215 - 360, inodes: 9 - 7 });
    expect(diff.topDirectories.byBytes).toEqual([
      { path: '/app', bytesDelta: -145, inodesDelta: 2 },
      { path: '/app/new', bytesDelta: 5, inodesDelta: 2 },
    ]);
    expect(diff.topDirectories.byInodes.map((d) => [d.path, d.inodesDelta])).toEqual([
      ['/app', 2],
      ['/app/new', 2],
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

describe('diffFiles looks only above the common base', () => {
  it('finds the same changes as a comparison of every path', () => {
    const prefix = [
      [
        'd /app',
        'f /app/a 100',
        'd /app/lib',
        'f /app/lib/x 10',
        'f /app/lib/y 20',
        'd /etc',
        'f /etc/x 10',
        'f /data 50',
        'h /data-link => /data',
      ],
      ['d /opt', 'd /opt/tool', 'f /opt/tool/bin 30', 'd /cache', 'f /cache/c 5'],
    ];
    const a = scans(...prefix, ['f /app/a 100', 'f /app/new 3'], ['f /etc/x 11']);
    const b = scans(
      ...prefix,
      ['w /app/lib', 'f /opt/tool 4', 'o /cache', 'f /cache/d 6', 'w /data', 'f /app/a 101'],
      ['f /app/new 3', 'f /etc/x/sub 2'],
    );
    // the shared layers are the same scans in both images, as a scan session hands them out
    b[0] = a[0];
    b[1] = a[1];
    const above = diffFiles(a, b, { commonPrefix: 2, top: 50 });
    const everything = diffFiles(a, b, { commonPrefix: 0, top: 50 });
    expect(above).toEqual(everything);
    // /app/lib/x and y, /opt/tool/bin, /cache/c, /data, and /etc/x (a file that B writes below: now an implicit directory)
    expect(above.removed).toEqual({ files: 6, dirs: 1, bytes: -(10 + 20 + 30 + 5 + 50 + 11), inodes: -7 });
    expect(above.largestChanges.find((c) => c.path === '/data-link')).toMatchObject({
      change: 'modified',
      bytesBefore: 0,
      bytesAfter: 50,
      inodesDelta: 1,
    });
  });
});

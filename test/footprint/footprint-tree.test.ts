import { describe, expect, it } from 'vitest';
import { dirBytes, direntBytes, treeCost } from '../../src/analysis/footprint/footprint-tree.js';
import { rec } from '../analysis/helpers.js';

const B = 4096;
const tree = (lines: string[], blockSize = B) => treeCost(lines.map(rec), blockSize);

describe('footprint: an unpacked layer tree on ext4', () => {
  it('rounds every file up to whole blocks; an empty file takes none', () => {
    // root dir + /a dir: 2 inodes, 2 blocks; files 0, 1, 4096, 4097, 10000 B -> 0 + 1 + 1 + 2 + 3 blocks
    const t = tree(['d /a', 'f /a/e 0', 'f /a/one 1', 'f /a/full 4096', 'f /a/over 4097', 'f /a/big 10000']);
    expect(t).toEqual({ bytes: (2 + 7) * B, inodes: 7, dirs: { bytes: 2 * B, inodes: 2 } });
    // the same tree with 1 KiB blocks: dirs 2 + files 0 + 1 + 4 + 5 + 10 blocks
    expect(
      tree(['d /a', 'f /a/e 0', 'f /a/one 1', 'f /a/full 4096', 'f /a/over 4097', 'f /a/big 10000'], 1024).bytes,
    ).toBe((2 + 20) * 1024);
  });

  it("gives a hardlink no inode and no block: it shares its target's", () => {
    const t = tree(['d /bin', 'f /bin/node 5000', 'h /bin/nodejs => /bin/node', 'h /bin/n => /bin/node']);
    // root, /bin, node: 3 inodes; blocks: 2 dirs + 2 for node
    expect(t).toEqual({ bytes: 4 * B, inodes: 3, dirs: { bytes: 2 * B, inodes: 2 } });
  });

  it('unpacks a whiteout as a character device (an inode, no block) and an opaque marker as nothing', () => {
    const t = tree(['d /etc', 'w /etc/old.conf', 'w /etc/gone', 'o /var/cache']);
    // root, /etc, /var, /var/cache (created for the opaque marker), 2 devices
    expect(t).toEqual({ bytes: 4 * B, inodes: 6, dirs: { bytes: 4 * B, inodes: 4 } });
  });

  it('keeps a symlink target under 60 bytes in the inode and gives a longer one a block', () => {
    const short = 'x'.repeat(59);
    const long = 'x'.repeat(60);
    expect(tree([`l /s -> ${short}`])).toEqual({ bytes: B, inodes: 2, dirs: { bytes: B, inodes: 1 } });
    expect(tree([`l /s -> ${long}`])).toEqual({ bytes: 2 * B, inodes: 2, dirs: { bytes: B, inodes: 1 } });
  });

  it('creates the parent directories a layer writes into without listing them', () => {
    // /a, /a/b, /a/b/c are created: root + 3 dirs + 1 file
    expect(tree(['f /a/b/c/file 1'])).toEqual({ bytes: 5 * B, inodes: 5, dirs: { bytes: 4 * B, inodes: 4 } });
  });

  it('counts a path written twice in one layer once (the later entry wins)', () => {
    expect(tree(['f /a 10000', 'f /a 10'])).toEqual({ bytes: 2 * B, inodes: 2, dirs: { bytes: B, inodes: 1 } });
    expect(tree(['d /d', 'd /d'])).toEqual({ bytes: 2 * B, inodes: 2, dirs: { bytes: 2 * B, inodes: 2 } });
  });

  it('gives a directory one block while its entries fit, then an htree (index block + leaves ~3/4 full)', () => {
    expect(direntBytes(1)).toBe(12);
    expect(direntBytes(12)).toBe(20);
    expect(direntBytes(13)).toBe(24);
    // 203 entries of 20 bytes: 24 + 4,060 = 4,084 fit in one block; 204 do not (4,104)
    expect(dirBytes(203 * 20, B)).toBe(B);
    expect(dirBytes(204 * 20, B)).toBe(3 * B); // index + the minimum 2 leaves
    // 1,000 entries of 20 bytes: 20,000 / 3,072 -> 7 leaves + index
    expect(dirBytes(1000 * 20, B)).toBe(8 * B);
    // a tree with 300 files named f-0001 … f-0300 (6 bytes -> 16-byte entries) in one directory
    const lines = ['d /d', ...Array.from({ length: 300 }, (_, i) => `f /d/f-${String(i + 1).padStart(4, '0')} 0`)];
    // 300 × 16 = 4,800 B of entries: 2 leaves + index = 3 blocks; plus root
    expect(tree(lines).dirs).toEqual({ bytes: 4 * B, inodes: 2 });
  });
});

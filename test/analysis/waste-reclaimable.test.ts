// Reclaimable waste and its blame, on layers whose numbers are known by construction.
import { describe, expect, it } from 'vitest';
import { mergeLayers } from '../../src/analysis/fs/merge.js';
import { reclaimableWaste } from '../../src/analysis/waste/waste-reclaimable.js';
import { scans } from './helpers.js';

const waste = (...layers: string[][]) => reclaimableWaste(mergeLayers(scans(...layers)));

describe('reclaimableWaste', () => {
  it('counts all but the final copy of an overwrite chain, blamed per pair of layers', () => {
    const w = waste(['d /app', 'f /app/a 100'], ['d /app', 'f /app/a 200'], ['d /app', 'f /app/a 50']);
    expect(w).toMatchObject({ bytes: 300, inodes: 2, files: 2, deleted: { bytes: 0, inodes: 0 } });
    expect(w.blame).toEqual([
      { writtenBy: 2, madeDeadBy: 3, reason: 'overwritten', bytes: 200, inodes: 1, files: 1 },
      { writtenBy: 1, madeDeadBy: 2, reason: 'overwritten', bytes: 100, inodes: 1, files: 1 },
    ]);
    expect(w.byLayer[0]).toEqual({
      layer: 1,
      wroteDead: { bytes: 100, inodes: 1, files: 1 },
      madeDead: { bytes: 0, inodes: 0, files: 0 },
    });
  });

  it('counts files and directories deleted later', () => {
    const w = waste(['d /tmp', 'f /tmp/big 1000', 'd /tmp/sub', 'f /tmp/sub/x 10'], ['w /tmp/big'], ['w /tmp/sub']);
    expect(w.deleted).toEqual({ bytes: 1010, inodes: 3, files: 2 });
    expect(w.blame.map((b) => [b.writtenBy, b.madeDeadBy, b.bytes, b.inodes])).toEqual([
      [1, 2, 1000, 1],
      [1, 3, 10, 2],
    ]);
  });

  it('blames a chmod-everything layer for re-writing every file', () => {
    const files = Array.from({ length: 40 }, (_, i) => `f /app/f${i} 1000`);
    const w = waste(['d /app', ...files], ['d /app', 'f /app/new 5'], ['d /app', ...files]);
    expect(w.blame).toEqual([
      { writtenBy: 1, madeDeadBy: 3, reason: 'overwritten', bytes: 40_000, inodes: 40, files: 40 },
    ]);
  });

  it('counts an opaque directory re-created in one layer: lower content dead, the directory not', () => {
    const w = waste(['d /cache', 'f /cache/a 10', 'f /cache/b 20'], ['d /cache', 'o /cache', 'f /cache/b 5']);
    expect(w.deleted).toEqual({ bytes: 10, inodes: 1, files: 1 });
    expect(w.overwritten).toEqual({ bytes: 20, inodes: 1, files: 1 });
  });

  it('counts a directory replaced by a file, and a file replaced by a directory', () => {
    const w = waste(['d /x', 'f /x/in 10', 'f /y 30'], ['f /x 5', 'd /y', 'f /y/z 1']);
    expect(w.deleted).toEqual({ bytes: 10, inodes: 1, files: 1 });
    expect(w.overwritten).toEqual({ bytes: 30, inodes: 2, files: 1 });
  });

  it('charges hardlinked bytes once, when the last link goes', () => {
    const kept = waste(['d /bin', 'f /bin/a 1000', 'h /bin/b => /bin/a'], ['w /bin/a']);
    expect(kept.bytes).toBe(0);
    const gone = waste(
      ['d /bin', 'f /bin/a 1000', 'h /bin/b => /bin/a', 'h /bin/c => /bin/a'],
      ['w /bin/a'],
      ['w /bin/b', 'w /bin/c'],
    );
    expect(gone.blame).toEqual([{ writtenBy: 1, madeDeadBy: 3, reason: 'deleted', bytes: 1000, inodes: 1, files: 1 }]);
  });
});

describe('deadEntries', () => {
  it('lists the entries reclaimableWaste counts, most bytes first, with who wrote and who killed them', async () => {
    const { deadEntries } = await import('../../src/analysis/waste/waste-reclaimable.js');
    const fs = mergeLayers(
      scans(
        ['d /tmp', 'f /tmp/big 1000', 'f /a 5', 'f /a2 5', 'h /a3 => /a2'],
        ['w /tmp/big', 'f /a 7'],
        ['w /tmp', 'w /a2'],
      ),
    );
    const dead = deadEntries(fs, 10);
    expect(dead).toEqual([
      { path: '/tmp/big', bytes: 1000, writtenBy: 1, madeDeadBy: 2, reason: 'deleted', dir: false },
      { path: '/a', bytes: 5, writtenBy: 1, madeDeadBy: 2, reason: 'overwritten', dir: false },
      { path: '/tmp', bytes: 0, writtenBy: 1, madeDeadBy: 3, reason: 'deleted', dir: true },
    ]);
    const total = reclaimableWaste(fs);
    expect(dead.reduce((a, d) => a + d.bytes, 0)).toBe(total.bytes);
    expect(dead).toHaveLength(total.inodes);
    expect(deadEntries(fs, 1)).toHaveLength(1);
  });
});

// The merged view: OCI whiteout semantics and per-path history, on plain layer scans whose
// numbers are known by construction.
import { describe, expect, it } from 'vitest';
import { mergeLayers } from '../../src/analysis/fs/merge.js';
import { InOrderMerge } from '../../src/analysis/fs/merge-in-order.js';
import { layerChanges, pathHistory } from '../../src/analysis/fs/merged-queries.js';
import { fsTotals } from '../../src/analysis/report/image-analysis.js';
import { scans } from './helpers.js';

const finalPaths = (fs: ReturnType<typeof mergeLayers>) => fs.paths.names.filter((_, id) => fs.live[id] >= 0).sort();

describe('mergeLayers', () => {
  it('keeps an overwrite chain: the same path in three layers', () => {
    const fs = mergeLayers(scans(['d /app', 'f /app/a 100'], ['d /app', 'f /app/a 200'], ['d /app', 'f /app/a 50']));
    expect(pathHistory(fs, '/app/a')).toEqual([
      { layer: 1, change: 'added', type: 'file', size: 100 },
      { layer: 2, change: 'modified', type: 'file', size: 200 },
      { layer: 3, change: 'modified', type: 'file', size: 50 },
    ]);
    expect(fsTotals(fs, { kind: 'final' })).toMatchObject({ bytes: 50, inodes: 2, files: 1, dirs: 1 });
    expect(fsTotals(fs, { kind: 'merged-at', index: 1 })).toMatchObject({ bytes: 200 });
  });

  it('removes a deleted file and a deleted directory with everything below it', () => {
    const fs = mergeLayers(
      scans(['d /tmp', 'f /tmp/big 1000', 'd /tmp/sub', 'f /tmp/sub/x 10'], ['w /tmp/big'], ['w /tmp/sub']),
    );
    expect(pathHistory(fs, '/tmp/big')).toEqual([
      { layer: 1, change: 'added', type: 'file', size: 1000 },
      { layer: 2, change: 'removed', type: 'file', size: 1000 },
    ]);
    expect(
      layerChanges(fs, 2)
        .map((c) => `${c.change} ${c.path}`)
        .sort(),
    ).toEqual(['removed /tmp/sub', 'removed /tmp/sub/x']);
    expect(finalPaths(fs)).toEqual(['/tmp']);
  });

  it('empties an opaque directory of lower entries only, whatever the marker position in the tar', () => {
    const fs = mergeLayers(
      scans(['d /cache', 'f /cache/a 10', 'f /cache/b 20'], ['d /cache', 'f /cache/b 5', 'o /cache', 'f /cache/c 7']),
    );
    expect(finalPaths(fs)).toEqual(['/cache', '/cache/b', '/cache/c']);
    expect(pathHistory(fs, '/cache/a').map((c) => c.change)).toEqual(['added', 'removed']);
    expect(pathHistory(fs, '/cache/b')).toEqual([
      { layer: 1, change: 'added', type: 'file', size: 20 },
      { layer: 2, change: 'modified', type: 'file', size: 5 },
    ]);
    expect(fsTotals(fs, { kind: 'final' }).bytes).toBe(12);
  });

  it('lets a file replace a directory (hiding its content) and a directory replace a file', () => {
    const fs = mergeLayers(scans(['d /x', 'f /x/in 10', 'f /y 30'], ['f /x 5', 'd /y', 'f /y/z 1']));
    expect(pathHistory(fs, '/x').map((c) => `${c.change} ${c.type}`)).toEqual(['added dir', 'modified file']);
    expect(pathHistory(fs, '/x/in').map((c) => `${c.layer} ${c.change}`)).toEqual(['1 added', '2 removed']);
    expect(pathHistory(fs, '/y').map((c) => `${c.change} ${c.type}`)).toEqual(['added file', 'modified dir']);
    expect(finalPaths(fs)).toEqual(['/x', '/y', '/y/z']);
  });

  it('turns a lower file into a directory when a layer writes below it', () => {
    const fs = mergeLayers(scans(['f /q 9'], ['f /q/r 1']));
    expect(pathHistory(fs, '/q').map((c) => `${c.layer} ${c.change}`)).toEqual(['1 added', '2 removed']);
    expect(finalPaths(fs)).toEqual(['/q/r']);
  });

  it('counts hardlinked bytes and inodes once, carried by a surviving link when the file is deleted', () => {
    const layers = scans(
      ['d /bin', 'f /bin/a 1000', 'h /bin/b => /bin/a', 'h /bin/c => /bin/a'],
      ['w /bin/a'],
      ['w /bin/b', 'w /bin/c'],
    );
    const fs = mergeLayers(layers);
    expect(fsTotals(fs, { kind: 'merged-at', index: 0 })).toMatchObject({
      bytes: 1000,
      inodes: 2,
      files: 1,
      hardlinks: 2,
    });
    expect(fsTotals(fs, { kind: 'merged-at', index: 1 })).toMatchObject({
      bytes: 1000,
      inodes: 2,
      files: 0,
      hardlinks: 2,
    });
    expect(fsTotals(fs, { kind: 'final' })).toMatchObject({ bytes: 0, inodes: 1 });
    expect(pathHistory(fs, '/bin/b')[0]).toEqual({ layer: 1, change: 'added', type: 'hardlink', size: 1000 });
  });

  it('records nothing for a whiteout of a path no lower layer has', () => {
    const fs = mergeLayers(scans(['f /a 1'], ['w /nothing']));
    expect(layerChanges(fs, 1)).toEqual([]);
  });

  it('merges the same when the scans arrive out of order (as they do while several layers are read)', () => {
    const layers = scans(
      ['d /a', 'f /a/x 10', 'f /a/y 20'],
      ['w /a/x', 'f /a/z 5'],
      ['o /a', 'f /a/w 1'],
      ['f /a/w 2', 'h /a/h => /a/w'],
    );
    const whole = mergeLayers(layers);
    for (const order of [
      [3, 1, 0, 2],
      [0, 1, 2, 3],
      [2, 3, 1, 0],
    ]) {
      const merge = new InOrderMerge(layers.map(() => undefined));
      expect(() => merge.result()).toThrow(/0 of 4 layers/);
      for (const i of order) merge.add(i, layers[i]);
      const fs = merge.result();
      expect(finalPaths(fs)).toEqual(finalPaths(whole));
      expect(Array.from(fs.events.kind.subarray(0, fs.eventCount))).toEqual(
        Array.from(whole.events.kind.subarray(0, whole.eventCount)),
      );
      expect(Array.from(fs.live)).toEqual(Array.from(whole.live));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { mergeLayers } from '../../src/analysis/fs/merge.js';
import type { FileRecord } from '../../src/scan/file-record.js';
import type { LayerScan } from '../../src/scan/layer-scan.js';
import { stepMarks } from '../../src/tui/state/layer-rows.js';
import type { ViewMode } from '../../src/tui/state/state.js';
import { buildStepDiff } from '../../src/tui/feed/step-diff.js';
import { fileRow, flattenRows, S_MODIFIED, S_UNMODIFIED, visibleMask } from '../../src/tui/state/tree-model.js';
import { layerScan, rec } from '../analysis/helpers.js';

const hashed = (line: string, hash?: string): FileRecord => ({ ...rec(line), ...(hash ? { hash } : {}) });
/** A layer scanned with content hashes, as explore --compare scans. */
const hashedScan = (entries: FileRecord[], i: number): LayerScan => ({ ...layerScan(entries, i), hashed: true });
const base = [hashed('d /etc'), hashed('f /etc/os 10', 'os')];
// A and B share the base; step 2 differs: B edits a.js in place (same size), grows b.js, drops c.js, adds d.js.
const a = mergeLayers([
  hashedScan(base, 0),
  hashedScan(
    [hashed('d /app'), hashed('f /app/a.js 5', 'a1'), hashed('f /app/b.js 5', 'b'), hashed('f /app/c.js 7', 'c')],
    1,
  ),
]);
const b = mergeLayers([
  hashedScan(base, 0),
  hashedScan(
    [hashed('d /app'), hashed('f /app/a.js 5', 'a2'), hashed('f /app/b.js 9', 'b'), hashed('f /app/d.js 3', 'd')],
    2,
  ),
  hashedScan([hashed('f /app/e.js 1', 'e')], 3),
]);

function diffRows(step: number, mode: ViewMode) {
  const view = buildStepDiff(a, b, step, mode);
  const visible = visibleMask(view, null, { added: true, modified: true, removed: true, unmodified: true });
  const flat = flattenRows(view, visible, 'name', () => true);
  return {
    view,
    rows: Array.from({ length: flat.count }, (_, i) => fileRow(view, flat, visible, i)).map(
      (r) => `${r.status} ${r.path} ${r.bytes}`,
    ),
  };
}

describe('the file diff of one step', () => {
  it('finds nothing changed in a shared step', () => {
    const { rows, view } = diffRows(0, 'changes');
    expect(rows).toEqual(['unmodified /etc 10', 'unmodified /etc/os 10']);
    expect(view.tally).toEqual({
      added: { files: 0, bytes: 0 },
      modified: { files: 0, bytes: 0 },
      removed: { files: 0, bytes: 0 },
    });
  });

  it('compares what each image wrote at the step, by size and by content hash', () => {
    const { rows, view } = diffRows(1, 'changes');
    expect(rows).toEqual([
      'unmodified /app 17',
      'modified /app/a.js 5',
      'modified /app/b.js 9',
      'removed /app/c.js 7',
      'added /app/d.js 3',
    ]);
    expect(view.tally).toEqual({
      added: { files: 1, bytes: 3 },
      modified: { files: 2, bytes: 4 },
      removed: { files: 1, bytes: -7 },
    });
  });

  it('compares content hashes only when both images were scanned with them, as diff does', () => {
    const one = (hash: string, withHashes: boolean) =>
      mergeLayers([{ ...layerScan([hashed('d /app'), hashed('f /app/a.js 5', hash)], 0), hashed: withHashes }]);
    const statusOf = (x: ReturnType<typeof one>, y: ReturnType<typeof one>) => {
      const view = buildStepDiff(x, y, 0, 'changes');
      return view.status[view.paths.idOf('/app/a.js')];
    };
    expect(statusOf(one('a1', true), one('a2', true))).toBe(S_MODIFIED);
    expect(statusOf(one('a1', true), one('a2', false))).toBe(S_UNMODIFIED);
  });

  it('a hardlink compares as the file it names: its size and content', () => {
    const side = (hash: string) =>
      mergeLayers([
        hashedScan([hashed('d /bin'), hashed('f /bin/tool 8', hash)], 0),
        hashedScan([hashed('h /bin/alias => /bin/tool')], 1),
      ]);
    const view = buildStepDiff(side('t1'), side('t2'), 1, 'merged');
    expect(view.status[view.paths.idOf('/bin/tool')]).toBe(S_MODIFIED);
    expect(view.status[view.paths.idOf('/bin/alias')]).toBe(S_MODIFIED);
    const same = buildStepDiff(side('t1'), side('t1'), 1, 'merged');
    expect(same.status[same.paths.idOf('/bin/alias')]).toBe(S_UNMODIFIED);
  });

  it('a step only B has: everything it wrote is added; merged: B final against A final', () => {
    expect(diffRows(2, 'changes').rows).toEqual(['implied /app 1', 'added /app/e.js 1']);
    const merged = diffRows(2, 'merged').rows;
    expect(merged).toContain('added /app/e.js 1');
    expect(merged).toContain('removed /app/c.js 7');
    expect(merged).toContain('unmodified /etc/os 10');
  });

  it('marks shared and new layers by chain ID, before any layer is read', () => {
    const marks = stepMarks(['sha256:1', 'sha256:2', 'sha256:3'], ['sha256:1', 'sha256:9', 'sha256:3', 'sha256:4']);
    expect(marks.a).toEqual(['shared', 'gone', 'gone']);
    // layer 3 has the same content as A's but sits on another parent: pulled again
    expect(marks.b).toEqual(['shared', 'new', 'same-content', 'new']);
  });
});

// The history of one path: every layer that touched it and how, on layers built by construction.
import { describe, expect, it } from 'vitest';
import { mergeLayers } from '../../src/analysis/fs/merge.js';
import { pathHistoryOf } from '../../src/analysis/fs/path-history.js';
import type { FileRecord } from '../../src/scan/file-record.js';
import { layerScan, rec, scans } from './helpers.js';

const CMDS = ['ADD rootfs.tar /', 'RUN chmod', 'RUN chown', 'RUN edit', 'RUN rm'];
const kinds = (h: ReturnType<typeof pathHistoryOf>) =>
  h.touches.map((t) => [t.layer, t.kind, t.bytesBefore, t.bytes, t.by]);

describe('pathHistoryOf', () => {
  it('tells added, modified (bytes before → after), mode-only, owner-only, removed and re-added apart', () => {
    const file = (size: number, extra: Partial<FileRecord> = {}): FileRecord => ({
      ...rec(`f /app/a ${size}`),
      ...extra,
    });
    const layers = [
      [rec('d /app'), file(100)],
      [rec('d /app'), file(100, { mode: 0o755 })],
      [rec('d /app'), file(100, { mode: 0o755, uid: 1000, gid: 1000 })],
      [rec('d /app'), file(250, { mode: 0o755, uid: 1000, gid: 1000 })],
      [rec('w /app/a')],
      [rec('d /app'), file(7)],
    ].map((l, i) => layerScan(l, i));
    const h = pathHistoryOf(mergeLayers(layers), '/app/a', [...CMDS, 'COPY a']);
    expect(kinds(h)).toEqual([
      [1, 'added', null, 100, null],
      [2, 'attributes', 100, 100, null],
      [3, 'attributes', 100, 100, null],
      [4, 'modified', 100, 250, null],
      [5, 'removed', 250, 0, '/app/a'],
      [6, 'added', null, 7, null],
    ]);
    expect(h.touches.map((t) => t.changed)).toEqual([[], ['mode'], ['owner'], ['size'], [], []]);
    expect(h.touches[2]).toMatchObject({ mode: 0o755, uid: 1000, gid: 1000, command: 'RUN chown' });
    expect(h.touches[4]).toMatchObject({ mode: null, uid: null, command: 'RUN rm' });
    expect(h.present).toBe(true);
  });

  it('a same-size rewrite is content when both layers are hashed, else a plain rewrite', () => {
    const a = { ...rec('f /x 10'), hash: 'aa' };
    const b = { ...rec('f /x 10'), hash: 'bb' };
    const hashed = pathHistoryOf(mergeLayers([layerScan([a], 0), layerScan([b], 1)]), '/x', []);
    expect(hashed.touches[1]).toMatchObject({ kind: 'modified', changed: ['content'], command: '' });
    const plain = pathHistoryOf(mergeLayers(scans(['f /x 10'], ['f /x 10'])), '/x', []);
    expect(plain.touches[1]).toMatchObject({ kind: 'modified', changed: [] });
  });

  it('names what removed it: a whiteout above it, an opaque directory, a file written over its directory', () => {
    const fs = mergeLayers(
      scans(
        ['d /a', 'd /a/b', 'f /a/b/x 5', 'd /c', 'f /c/y 6', 'd /d', 'f /d/z 7'],
        ['w /a/b', 'd /c', 'o /c', 'f /d 1'],
      ),
    );
    expect(kinds(pathHistoryOf(fs, '/a/b/x', CMDS))[1]).toEqual([2, 'removed', 5, 0, '/a/b']);
    expect(kinds(pathHistoryOf(fs, '/c/y', CMDS))[1]).toEqual([2, 'hidden', 6, 0, '/c']);
    expect(kinds(pathHistoryOf(fs, '/d/z', CMDS))[1]).toEqual([2, 'replaced', 7, 0, '/d']);
    expect(kinds(pathHistoryOf(fs, '/d', CMDS))[1]).toEqual([2, 'modified', 0, 1, null]);
    expect(pathHistoryOf(fs, '/d', CMDS).touches[1].changed).toEqual(['type', 'size', 'mode']);
    expect(pathHistoryOf(fs, '/c/y', CMDS).present).toBe(false);
  });

  it('a path no layer mentions has no history', () => {
    expect(pathHistoryOf(mergeLayers(scans(['f /a 1'])), '/nope', CMDS)).toEqual({
      path: '/nope',
      present: false,
      touches: [],
    });
  });
});

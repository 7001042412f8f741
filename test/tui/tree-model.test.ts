import { describe, expect, it } from 'vitest';
import { mergeLayers } from '../../src/analysis/fs/merge.js';
import type { ChangeStatus, FileSort, ViewMode } from '../../src/tui/state/state.js';
import {
  buildFilesView,
  fileRow,
  flattenRows,
  matchPaths,
  visibleMask,
  type FileRow,
} from '../../src/tui/state/tree-model.js';
import { scans } from '../analysis/helpers.js';

// Layer 1 writes an app and a config; layer 2 rewrites a.js, adds c.js and /tmp, deletes /etc/conf;
// layer 3 deletes the whole /tmp directory.
const fs = mergeLayers(
  scans(
    [
      'd /app',
      'f /app/a.js 100',
      'f /app/b.js 200',
      'l /app/link -> /app/b.js',
      'h /app/hl => /app/a.js',
      'd /etc',
      'f /etc/conf 10',
    ],
    ['f /app/a.js 150', 'f /app/c.js 50', 'w /etc/conf', 'd /tmp', 'f /tmp/x 5', 'f /tmp/y 7'],
    ['w /tmp'],
  ),
);

const ALL: Record<ChangeStatus, boolean> = { added: true, modified: true, removed: true, unmodified: true };

function rows(
  layer: number,
  mode: ViewMode,
  opts: {
    open?: string[] | 'all';
    filter?: string;
    show?: Partial<Record<ChangeStatus, boolean>>;
    sort?: FileSort;
  } = {},
): FileRow[] {
  const view = buildFilesView(fs, layer, mode);
  const visible = visibleMask(view, matchPaths(view, opts.filter ?? ''), { ...ALL, ...opts.show });
  const isOpen = (p: string) => opts.open === 'all' || (opts.open ?? []).includes(p);
  const flat = flattenRows(view, visible, opts.sort ?? 'size', isOpen);
  return Array.from({ length: flat.count }, (_, i) => fileRow(view, flat, visible, i));
}

const brief = (r: FileRow) => `${'  '.repeat(r.depth)}${r.status} ${r.name}${r.dir ? '/' : ''} ${r.bytes} ${r.inodes}`;

describe('files pane model: the changes of one layer', () => {
  it('marks what layer 2 added, modified and removed; untouched parents are implied', () => {
    expect(rows(1, 'changes', { open: 'all' }).map(brief)).toEqual([
      'implied app/ 200 2',
      '  modified a.js 150 1',
      '  added c.js 50 1',
      'added tmp/ 12 3',
      '  added y 7 1',
      '  added x 5 1',
      // The whiteout of conf is an entry of etc/ in this layer: one inode, as the layer table counts it.
      'implied etc/ 0 1',
      '  removed conf 10 1',
    ]);
  });

  it('a deleted directory shows what it held, rolled up', () => {
    const r = rows(2, 'changes', { open: 'all' });
    expect(r.map(brief)).toEqual(['removed tmp/ 12 3', '  removed y 7 1', '  removed x 5 1']);
  });

  it('links show their target', () => {
    const link = rows(0, 'changes', { open: 'all' }).find((r) => r.name === 'link');
    expect(link).toMatchObject({ type: 'symlink', linkTarget: '/app/b.js', dir: false });
  });
});

describe('files pane model: the merged file system up to a layer', () => {
  it('shows earlier layers as unmodified, rolls up directories (a hardlink carries its gone file)', () => {
    expect(rows(1, 'merged', { open: ['/app'] }).map(brief)).toEqual([
      'unmodified app/ 500 6',
      '  unmodified b.js 200 1',
      '  modified a.js 150 1',
      '  unmodified hl 100 1',
      '  added c.js 50 1',
      '  unmodified link 0 1',
      'added tmp/ 12 3',
      'unmodified etc/ 0 1',
    ]);
  });

  it('hides kinds that are toggled off, keeping directories with shown entries below', () => {
    const shown = rows(1, 'merged', { open: 'all', show: { unmodified: false } }).map((r) => r.path);
    expect(shown).toEqual(['/app', '/app/a.js', '/app/c.js', '/tmp', '/tmp/y', '/tmp/x', '/etc', '/etc/conf']);
    const removedOnly = rows(1, 'merged', {
      open: 'all',
      show: { added: false, modified: false, unmodified: false },
    }).map((r) => r.path);
    expect(removedOnly).toEqual(['/etc', '/etc/conf']);
  });

  it('shows nothing when every kind is off', () => {
    expect(rows(1, 'merged', { show: { added: false, modified: false, removed: false, unmodified: false } })).toEqual(
      [],
    );
  });
});

describe('files pane model: filter, sort, expansion', () => {
  it('keeps paths that match, and the directories above them', () => {
    expect(rows(1, 'merged', { filter: 'c\\.js$', open: 'all' }).map((r) => r.path)).toEqual(['/app', '/app/c.js']);
    expect(rows(1, 'merged', { filter: '^/tmp', open: 'all' }).map((r) => r.path)).toEqual([
      '/tmp',
      '/tmp/y',
      '/tmp/x',
    ]);
    expect(rows(1, 'merged', { filter: 'nothing-like-this' })).toEqual([]);
  });

  it('ignores an invalid regex instead of throwing', () => {
    const view = buildFilesView(fs, 1, 'merged');
    expect(matchPaths(view, 'a(')).toBeNull();
  });

  it('sorts by name, size or inodes', () => {
    const names = (sort: FileSort) =>
      rows(1, 'merged', { sort, open: ['/app'] })
        .filter((r) => r.depth === 1)
        .map((r) => r.name);
    expect(names('name')).toEqual(['a.js', 'b.js', 'c.js', 'hl', 'link']);
    expect(names('size')).toEqual(['b.js', 'a.js', 'hl', 'c.js', 'link']);
    expect(rows(1, 'merged', { sort: 'inodes' }).map((r) => r.name)).toEqual(['app', 'tmp', 'etc']);
  });

  it('shows children only of open directories, and says which rows can open', () => {
    const closed = rows(1, 'merged');
    expect(closed.map((r) => [r.name, r.expandable, r.open])).toEqual([
      ['app', true, false],
      ['tmp', true, false],
      ['etc', true, false],
    ]);
    const view = buildFilesView(fs, 1, 'merged');
    const visible = visibleMask(view, null, ALL);
    const flat = flattenRows(view, visible, 'size', (p) => p === '/app');
    expect(Array.from(flat.parent)).toEqual([-1, 0, 0, 0, 0, 0, -1, -1]);
    expect(flat.count).toBe(8);
  });
});

import { describe, expect, it } from 'vitest';
import {
  BINDINGS,
  charKey,
  commandFor,
  filterEditFor,
  FOOTER_HINTS,
  keyName,
  splitKeys,
  type Command,
} from '../../src/tui/state/keys.js';
import {
  initialState,
  isOpen,
  reduce,
  scrollFor,
  type Action,
  type ExploreState,
  type FileRowInfo,
  type ViewContext,
  type World,
} from '../../src/tui/state/state.js';

/** A files pane of `rows` rows: row i is /d<i> (a directory when in `dirs`), parents as given. */
function view(
  opts: {
    layers?: number;
    rows?: number;
    dirs?: Record<number, { open: boolean }>;
    parents?: Record<number, number>;
    page?: number;
    details?: number;
  } = {},
): ViewContext {
  const rows = opts.rows ?? 0;
  const fileRow = (i: number): FileRowInfo | undefined =>
    i >= 0 && i < rows
      ? { path: `/d${i}`, dir: !!opts.dirs?.[i], open: !!opts.dirs?.[i]?.open, parent: opts.parents?.[i] ?? -1 }
      : undefined;
  const page = opts.page ?? 5;
  return {
    layerRows: opts.layers ?? 4,
    fileRows: rows,
    detailLines: opts.details ?? 0,
    helpLines: 0,
    page: { layers: page, files: page, details: page, help: page },
    fileRow,
  };
}

const run = (state: ExploreState, v: ViewContext, ...commands: Command[]): ExploreState =>
  commands.reduce((s, command) => reduce(s, { type: 'command', command, view: v }), state);

const typed = (state: ExploreState, text: string): ExploreState =>
  [...text].reduce((s, c) => reduce(s, { type: 'filter-edit', edit: { kind: 'type', text: c } }), state);

describe('explore reducer: selection', () => {
  it('moves the layer cursor with up/down, clamped to the layers', () => {
    const v = view({ layers: 3 });
    expect(run(initialState, v, 'down').layer).toBe(1);
    expect(run(initialState, v, 'down', 'down', 'down', 'down').layer).toBe(2);
    expect(run(initialState, v, 'up').layer).toBe(0);
    expect(run(initialState, v, 'bottom').layer).toBe(2);
    expect(run(initialState, v, 'bottom', 'top').layer).toBe(0);
  });

  it('scrolls the layers just enough to keep the cursor in view', () => {
    const v = view({ layers: 20, page: 5 });
    const s = run(initialState, v, 'down', 'down', 'down', 'down', 'down', 'down');
    expect(s.layer).toBe(6);
    expect(s.layerScroll).toBe(2);
    const back = run(s, v, 'up', 'up', 'up', 'up');
    expect(back.layer).toBe(2);
    expect(back.layerScroll).toBe(2);
    expect(run(back, v, 'up', 'up').layerScroll).toBe(0);
    expect(run(initialState, v, 'page-down').layer).toBe(5);
  });

  it('a new layer starts the files pane at its top', () => {
    const v = view({ layers: 3, rows: 10 });
    const inFiles = run(initialState, v, 'next-pane', 'down', 'down', 'down');
    expect(inFiles.cursor).toBe(3);
    const moved = run(inFiles, v, 'prev-pane', 'down');
    expect(moved.layer).toBe(1);
    expect(moved.cursor).toBe(0);
    expect(moved.scroll).toBe(0);
  });

  it('tab cycles layers → files → details → layers, shift+tab goes back', () => {
    const v = view();
    expect(run(initialState, v, 'next-pane').focus).toBe('files');
    expect(run(initialState, v, 'next-pane', 'next-pane').focus).toBe('details');
    expect(run(initialState, v, 'next-pane', 'next-pane', 'next-pane').focus).toBe('layers');
    expect(run(initialState, v, 'prev-pane').focus).toBe('details');
  });

  it('moves only the focused pane', () => {
    const v = view({ layers: 4, rows: 8, details: 12, page: 4 });
    const files = run(initialState, v, 'next-pane', 'down', 'down');
    expect([files.layer, files.cursor]).toEqual([0, 2]);
    const details = run(files, v, 'next-pane', 'down', 'page-down', 'page-down', 'page-down');
    expect(details.detailsScroll).toBe(8); // 12 lines, 4 fit: at most 8
    expect(details.cursor).toBe(2);
  });

  it('keeps the files cursor on an empty list at 0', () => {
    const s = run(initialState, view({ rows: 0 }), 'next-pane', 'down', 'bottom');
    expect(s.cursor).toBe(0);
    expect(s.scroll).toBe(0);
  });
});

describe('explore reducer: expansion', () => {
  const v = view({ rows: 6, dirs: { 0: { open: false }, 2: { open: true } }, parents: { 3: 2, 4: 2 } });
  const files = run(initialState, v, 'next-pane');

  it('enter/space toggles the directory under the cursor', () => {
    const opened = run(files, v, 'toggle');
    expect(opened.open.get('/d0')).toBe(true);
    const closed = run({ ...files, cursor: 2 }, v, 'toggle');
    expect(closed.open.get('/d2')).toBe(false);
  });

  it('does nothing on a file, and nothing when the layers pane has the focus', () => {
    const onFile = { ...files, cursor: 1 };
    expect(run(onFile, v, 'toggle')).toBe(onFile);
    expect(run(initialState, v, 'toggle').open.size).toBe(0);
  });

  it('left on a file or a closed directory goes to the parent row; right opens', () => {
    const onChild = { ...files, cursor: 4 };
    expect(run(onChild, v, 'collapse').cursor).toBe(2);
    expect(run({ ...files, cursor: 2 }, v, 'collapse').open.get('/d2')).toBe(false);
    expect(run(files, v, 'expand').open.get('/d0')).toBe(true);
    expect(run(files, v, 'collapse').cursor).toBe(0); // top level: nowhere to go
  });

  it('c collapses all, also what a filter opened', () => {
    const s = run(files, v, 'toggle');
    const filtered = { ...s, filter: 'x' };
    expect(isOpen(filtered, '/elsewhere')).toBe(true);
    const collapsed = run(filtered, v, 'collapse-all');
    expect(collapsed.open.size).toBe(0);
    expect(isOpen(collapsed, '/d0')).toBe(false);
    expect(isOpen(collapsed, '/elsewhere')).toBe(false);
  });
});

describe('explore reducer: filters, kinds, sort and view', () => {
  const v = view({ rows: 10 });

  it('a/m/r/u toggle each kind and send the cursor to the top', () => {
    const s = run({ ...initialState, cursor: 5 }, v, 'toggle-added', 'toggle-removed');
    expect(s.show).toEqual({ added: false, modified: true, removed: false, unmodified: true });
    expect(s.cursor).toBe(0);
    expect(run(s, v, 'toggle-added').show.added).toBe(true);
    expect(run(initialState, v, 'toggle-modified', 'toggle-unmodified').show).toEqual({
      added: true,
      modified: false,
      removed: true,
      unmodified: false,
    });
  });

  it('s cycles name → size → inodes, starting at size', () => {
    expect(initialState.sort).toBe('size');
    expect(run(initialState, v, 'sort').sort).toBe('inodes');
    expect(run(initialState, v, 'sort', 'sort').sort).toBe('name');
    expect(run(initialState, v, 'sort', 'sort', 'sort').sort).toBe('size');
  });

  it('v switches between the changes of the layer and the merged file system', () => {
    expect(initialState.mode).toBe('changes');
    expect(run(initialState, v, 'view').mode).toBe('merged');
    expect(run(initialState, v, 'view', 'view').mode).toBe('changes');
  });

  it('/ edits a regex that applies as it is typed; enter keeps it, esc clears it', () => {
    const editing = run(initialState, v, 'filter');
    expect(editing.filterDraft).toBe('');
    const s = typed(editing, 'node_mod');
    expect(s.filter).toBe('node_mod');
    expect(s.filterDraft).toBe('node_mod');
    const kept = reduce(s, { type: 'filter-edit', edit: { kind: 'commit' } });
    expect(kept.filterDraft).toBeNull();
    expect(kept.filter).toBe('node_mod');
    const cleared = reduce(typed(run(kept, v, 'filter'), 'x'), { type: 'filter-edit', edit: { kind: 'cancel' } });
    expect(cleared.filter).toBe('');
    expect(cleared.filterDraft).toBeNull();
    expect(run(kept, v, 'escape').filter).toBe('');
  });

  it('an invalid regex keeps the last valid filter, shows why, and cannot be committed', () => {
    const s = typed(run(initialState, v, 'filter'), 'lib(');
    expect(s.filter).toBe('lib');
    expect(s.filterError).toMatch(/unterminated group/i);
    expect(reduce(s, { type: 'filter-edit', edit: { kind: 'commit' } }).filterDraft).toBe('lib(');
    const fixed = reduce(s, { type: 'filter-edit', edit: { kind: 'backspace' } });
    expect(fixed.filterError).toBeNull();
    expect(fixed.filter).toBe('lib');
  });

  it('? opens the help, which swallows other keys; ?, esc and q close it; ctrl+c always interrupts', () => {
    const help = run(initialState, v, 'help');
    expect(help.help).toBe(true);
    expect(run(help, v, 'view', 'sort', 'next-pane')).toBe(help);
    expect(run(help, v, 'escape').help).toBe(false);
    expect(run(help, v, 'help').help).toBe(false);
    expect(run(help, v, 'quit')).toMatchObject({ help: false, quit: null });
    expect(run(help, v, 'interrupt').quit).toBe('interrupt');
    expect(run(initialState, v, 'quit').quit).toBe('quit');
    expect(
      reduce(typed(run(initialState, v, 'filter'), 'q'), { type: 'filter-edit', edit: { kind: 'quit' } }).quit,
    ).toBe('interrupt');
  });

  it('the help scrolls where it does not fit, clamped to its lines', () => {
    const small = { ...view(), helpLines: 30, page: { layers: 5, files: 5, details: 5, help: 10 } };
    const help = run(initialState, small, 'help');
    expect(run(help, small, 'down', 'down').helpScroll).toBe(2);
    expect(run(help, small, 'bottom').helpScroll).toBe(20);
    expect(run(help, small, 'bottom', 'page-up').helpScroll).toBe(10);
    expect(run(help, small, 'up').helpScroll).toBe(0);
    expect(run(run(help, small, 'down', 'escape'), small, 'help').helpScroll).toBe(0); // opens at the top
  });

  it('scrollFor keeps the cursor on screen and never scrolls past the end', () => {
    expect(scrollFor(0, 0, 5, 20)).toBe(0);
    expect(scrollFor(7, 0, 5, 20)).toBe(3);
    expect(scrollFor(2, 3, 5, 20)).toBe(2);
    expect(scrollFor(19, 18, 5, 20)).toBe(15);
    expect(scrollFor(2, 0, 5, 3)).toBe(0);
  });
});

describe('keys as data', () => {
  it('maps arrows, vi keys and named keys to commands', () => {
    expect(commandFor('', { upArrow: true })).toBe('up');
    expect(commandFor('k', {})).toBe('up');
    expect(commandFor('j', {})).toBe('down');
    expect(commandFor('', { tab: true })).toBe('next-pane');
    expect(commandFor('', { tab: true, shift: true })).toBe('prev-pane');
    expect(commandFor('', { return: true })).toBe('toggle');
    expect(commandFor(' ', {})).toBe('toggle');
    expect(commandFor('c', { ctrl: true })).toBe('interrupt');
    expect(commandFor('q', {})).toBe('quit');
    expect(commandFor('c', {})).toBe('collapse-all');
    expect(commandFor('G', { shift: true })).toBe('bottom');
    expect(commandFor('x', {})).toBeUndefined();
    expect(keyName('', { pageDown: true })).toBe('pagedown');
  });

  it('binds every key once, and every command the issue asks for', () => {
    const keys = BINDINGS.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of ['up', 'down', 'j', 'k', 'tab', 'enter', 'space', '/', 'a', 'm', 'r', 'u', 's', 'c', 'q', '?'])
      expect(keys).toContain(k);
    expect(FOOTER_HINTS.join('  ').length).toBeLessThanOrEqual(80);
  });

  it('splits a burst of typed keys into one event per key', () => {
    const burst = splitKeys('jj\t\r\u0006\u0003', {});
    expect(burst.map((k) => commandFor(k.input, k.key))).toEqual([
      'down',
      'down',
      'next-pane',
      'toggle',
      'page-down',
      'interrupt',
    ]);
    expect(splitKeys('j', {})).toEqual([{ input: 'j', key: {} }]);
  });

  it('while the filter is edited, letters are text and enter/esc/backspace edit', () => {
    expect(filterEditFor('q', {})).toEqual({ kind: 'type', text: 'q' });
    expect(filterEditFor('', { return: true })).toEqual({ kind: 'commit' });
    expect(filterEditFor('', { escape: true })).toEqual({ kind: 'cancel' });
    expect(filterEditFor('', { backspace: true })).toEqual({ kind: 'backspace' });
    expect(filterEditFor('', { upArrow: true })).toBeNull();
    expect(filterEditFor('c', { ctrl: true })).toEqual({ kind: 'quit' });
  });
});

// Actions are plain data: a recorded session replays to the same state.
it('replays a recorded session deterministically', () => {
  const v = view({ layers: 4, rows: 10, dirs: { 0: { open: false } } });
  const session: Action[] = (['down', 'next-pane', 'toggle', 'down', 'view', 'sort'] as Command[]).map((command) => ({
    type: 'command',
    command,
    view: v,
  }));
  const a = session.reduce(reduce, initialState);
  const b = session.reduce(reduce, initialState);
  expect(a).toEqual(b);
  expect(a).toMatchObject({ layer: 1, focus: 'files', mode: 'merged', sort: 'inodes', cursor: 0 });
  expect(a.open.get('/d0')).toBe(true);
});

describe('explore reducer: keys over the latest state', () => {
  /** A tree whose rows depend on the state: /a (a directory with 5 children when open), then /b. */
  const world: World = {
    view: (s) => {
      const open = isOpen(s, '/a');
      const paths = open ? ['/a', '/a/1', '/a/2', '/a/3', '/a/4', '/a/5', '/b'] : ['/a', '/b'];
      return {
        ...view({ rows: paths.length }),
        fileRow: (i) =>
          paths[i]
            ? {
                path: paths[i],
                dir: paths[i] === '/a',
                open: paths[i] === '/a' && open,
                parent: paths[i].startsWith('/a/') ? 0 : -1,
              }
            : undefined,
      };
    },
  };
  const keys = (state: ExploreState, text: string) =>
    splitKeys(text, {}).reduce((s, k) => reduce(s, { type: 'key', input: k.input, key: k.key, world }), state);

  it('a key after enter moves among the rows enter opened (no stale row count)', () => {
    const s = keys(initialState, '\t\rjjjj');
    expect(s.open.get('/a')).toBe(true);
    expect(s.cursor).toBe(4);
    expect(keys(initialState, '\t\rjjjjjjjjj').cursor).toBe(6); // clamped to the 7 rows
  });

  it('a burst equals the same keys one by one, filter typing included', () => {
    const text = '\t\rjj/a\rjk\u001b';
    const slow = [...text]
      .map(charKey)
      .reduce((s, k) => reduce(s, { type: 'key', input: k.input, key: k.key, world }), initialState);
    expect(keys(initialState, text)).toEqual(slow);
    expect(keys(initialState, '/q').quit).toBeNull(); // q typed into the filter
    expect(keys(initialState, '/q\rq').quit).toBe('quit');
  });
});

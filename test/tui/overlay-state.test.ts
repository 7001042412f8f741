/** The reducer with the new keys: e, i, p (history), w (waste: sort, switch, jump), P (packages: sort, jump), as pure data. */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/tui/state/keys.js';
import {
  initialState,
  isOpen,
  reduce,
  type ExploreState,
  type ViewContext,
  type World,
} from '../../src/tui/state/state.js';

const ROWS = ['/a', '/a/b', '/c'];
function view(state?: ExploreState, extra: Partial<ViewContext> = {}): ViewContext {
  const rows = state && state.layer === 2 ? ['/x', '/x/y', '/x/y/file'] : ROWS;
  return {
    layerRows: 4,
    fileRows: rows.length,
    detailLines: 0,
    helpLines: 0,
    page: { layers: 5, files: 5, details: 5, help: 5, history: 3, waste: 2, packages: 2 },
    fileRow: (i) =>
      rows[i] ? { path: rows[i], dir: true, open: state ? isOpen(state, rows[i]) : false, parent: -1 } : undefined,
    rowOf: (p) => rows.indexOf(p),
    historyLines: (p) => (p === '/a/b' ? 10 : 0),
    waste: {
      rows: (list) => (list === 'inefficient' ? 4 : 2),
      target: (list, sort, i) => (list === 'reclaimable' ? { layer: 2, path: ['/x/y/file', '/c'][i] } : undefined),
    },
    packages: {
      rows: () => 3,
      target: (sort, i) => (i === 1 ? { layer: 2, path: '/x/y' } : undefined),
    },
    ...extra,
  };
}
const world: World = { view: (s) => view(s) };
const run = (state: ExploreState, ...commands: Command[]) =>
  commands.reduce((s, command) => reduce(s, { type: 'command', command, view: view(s), world }), state);

describe('expand all, attributes', () => {
  it('e opens every directory but those closed by hand; c closes all', () => {
    const s = run(initialState, 'next-pane', 'expand-all');
    expect(isOpen(s, '/anything')).toBe(true);
    const closed = run(s, 'down', 'toggle');
    expect(closed.open.get('/a/b')).toBe(false);
    expect(isOpen(closed, '/a/b')).toBe(false);
    expect(isOpen(run(closed, 'collapse-all'), '/a')).toBe(false);
  });

  it('i toggles the attribute columns', () => {
    expect(run(initialState, 'attributes').attributes).toBe(true);
    expect(run(initialState, 'attributes', 'attributes').attributes).toBe(false);
  });
});

describe('path history', () => {
  it('p opens the history of the row under the files cursor; it scrolls, clamped; p, esc, q close it; ? opens the help over it', () => {
    const s = run(initialState, 'next-pane', 'down', 'history');
    expect(s.history).toEqual({ path: '/a/b', scroll: 0 });
    expect(run(s, 'page-down', 'page-down', 'page-down').history).toEqual({ path: '/a/b', scroll: 7 });
    for (const close of ['history', 'escape', 'quit'] as const)
      expect(run(s, close)).toMatchObject({ history: null, quit: null });
    expect(run(s, 'help')).toMatchObject({ help: true, history: { path: '/a/b' } });
    expect(run(s, 'help', 'escape')).toMatchObject({ help: false, history: { path: '/a/b' } });
  });

  it('does nothing where the screen has no history (compare)', () => {
    const v = view(undefined, { historyLines: undefined });
    expect(reduce(initialState, { type: 'command', command: 'history', view: v }).history).toBeNull();
  });
});

describe('waste pane', () => {
  it("w opens dive's list; moves are clamped to its rows; s cycles its sorts; w switches to the reclaimable list", () => {
    const s = run(initialState, 'waste');
    expect(s.waste).toEqual({ list: 'inefficient', sort: 0, cursor: 0, scroll: 0 });
    expect(run(s, 'down', 'down', 'down', 'down', 'down').waste).toEqual({
      list: 'inefficient',
      sort: 0,
      cursor: 3,
      scroll: 2,
    });
    expect(run(s, 'down', 'sort').waste).toMatchObject({ sort: 1, cursor: 0 });
    expect(run(s, 'sort', 'sort', 'sort').waste!.sort).toBe(0);
    expect(run(s, 'waste').waste).toEqual({ list: 'reclaimable', sort: 0, cursor: 0, scroll: 0 });
    expect(run(s, 'waste', 'waste').waste!.list).toBe('inefficient');
    expect(run(s, 'escape').waste).toBeNull();
    expect(run(s, 'quit')).toMatchObject({ waste: null, quit: null });
  });

  it("enter jumps to the row's file: its layer, changes, no filter, every kind, its directories open, the cursor on it", () => {
    const filtered: ExploreState = {
      ...initialState,
      filter: 'zzz',
      mode: 'merged',
      show: { ...initialState.show, unmodified: false },
    };
    const s = run(filtered, 'waste', 'waste', 'toggle');
    expect(s).toMatchObject({
      waste: null,
      layer: 2,
      focus: 'files',
      mode: 'changes',
      filter: '',
      show: initialState.show,
      cursor: 2,
    });
    expect(s.open.get('/x')).toBe(true);
    expect(s.open.get('/x/y')).toBe(true);
    expect(run(initialState, 'waste', 'toggle').waste).not.toBeNull(); // dive's rows name no target here
  });

  it('w does nothing before the image is analysed', () => {
    const v = view(undefined, { waste: undefined });
    expect(reduce(initialState, { type: 'command', command: 'waste', view: v }).waste).toBeNull();
  });
});

describe('packages pane', () => {
  it('P opens it; moves are clamped to its rows; s cycles size, inodes, name; P, esc and q close it; ? opens the help over it', () => {
    const s = run(initialState, 'packages');
    expect(s.packages).toEqual({ sort: 0, cursor: 0, scroll: 0 });
    expect(run(s, 'down', 'down', 'down', 'down').packages).toEqual({ sort: 0, cursor: 2, scroll: 1 });
    expect(run(s, 'down', 'sort').packages).toEqual({ sort: 1, cursor: 0, scroll: 0 });
    expect(run(s, 'sort', 'sort', 'sort').packages!.sort).toBe(0);
    for (const close of ['packages', 'escape', 'quit'] as const)
      expect(run(s, close)).toMatchObject({ packages: null, quit: null });
    expect(run(s, 'help')).toMatchObject({ help: true, packages: { sort: 0 } });
  });

  it("enter shows the package's files: its layer merged, no filter, every kind, its directory and those above open, the cursor on it", () => {
    const filtered: ExploreState = { ...initialState, filter: 'zzz', show: { ...initialState.show, added: false } };
    const s = run(filtered, 'packages', 'down', 'toggle');
    expect(s).toMatchObject({
      packages: null,
      layer: 2,
      focus: 'files',
      mode: 'merged',
      filter: '',
      show: initialState.show,
      cursor: 1,
    });
    expect(s.open.get('/x')).toBe(true);
    expect(s.open.get('/x/y')).toBe(true);
    expect(run(initialState, 'packages', 'toggle').packages).not.toBeNull(); // the first row names no target here
  });

  it('P does nothing where the screen has no packages (compare)', () => {
    const v = view(undefined, { packages: undefined });
    expect(reduce(initialState, { type: 'command', command: 'packages', view: v }).packages).toBeNull();
  });
});

/**
 * The hooks both explore screens share: the terminal size (following resizes), the files
 * rows (memoized stage by stage so a cursor move recomputes nothing), and the keyboard,
 * which turns key presses into reducer actions through the key table.
 */
import { useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch } from 'react';
import { commandFor, filterEditFor, splitKeys, type KeyFlags } from './keys.js';
import type { Layout } from './layout.js';
import { isOpen, type Action, type ExploreState, type ViewContext } from './state.js';
import { fileRow, flattenRows, matchPaths, visibleMask, type FilesView, type VisibleRows } from './tree-model.js';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** The terminal's size, updated on resize; `fixed` pins it (tests). */
export function useTerminalSize(fixed?: TerminalSize): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout, fixed?.columns, fixed?.rows]);
  return fixed ?? size;
}

/** `value`, once it has stayed the same for `ms` (the first value at once). */
export function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(value, settled)) return;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, settled, ms]);
  return settled;
}

/**
 * The layer (or step) the files pane shows: while the layer cursor moves, it follows once the
 * cursor rests for `settleMs`; from the files pane, at once. The feed is told what is wanted.
 */
export function useFilesLayer(feed: { want?(index: number): void }, state: Pick<ExploreState, 'layer' | 'focus'>, settleMs: number): number {
  const settled = useSettled(state.layer, settleMs);
  const layer = state.focus === 'layers' ? settled : state.layer;
  useEffect(() => feed.want?.(layer), [feed, layer]);
  return layer;
}

export interface FileRows {
  view: FilesView;
  visible: Uint8Array;
  rows: VisibleRows;
}

export function useFileRows(view: FilesView | null, state: ExploreState): FileRows | null {
  const match = useMemo(() => (view ? matchPaths(view, state.filter) : null), [view, state.filter]);
  const visible = useMemo(() => (view ? visibleMask(view, match, state.show) : null), [view, match, state.show]);
  const rows = useMemo(
    () => (view && visible ? flattenRows(view, visible, state.sort, (p) => isOpen(state, p)) : null),
    [view, visible, state.sort, state.open, state.autoOpen, state.filter],
  );
  return view && visible && rows ? { view, visible, rows } : null;
}

/** What the reducer needs to know about the screen. */
export function viewContext(layout: Layout, layerRows: number, files: FileRows | null, detailLines: number): ViewContext {
  return {
    layerRows,
    fileRows: files?.rows.count ?? 0,
    detailLines,
    page: { layers: layout.layerRows, files: layout.fileRows, details: layout.detailRows },
    fileRow: (i) => {
      if (!files || i < 0 || i >= files.rows.count) return undefined;
      const row = fileRow(files.view, files.rows, files.visible, i);
      return { path: row.path, dir: row.expandable, open: row.open, parent: files.rows.parent[i] };
    },
  };
}

/**
 * Keys → actions; quits the app when the state says so. The handler is subscribed once and
 * reads the latest render's state and screen through a ref: a key that arrives between a
 * render and its effects must not see the rows of the frame before.
 */
export function useKeys(state: ExploreState, dispatch: Dispatch<Action>, context: () => ViewContext, onKey?: () => void): void {
  const { exit } = useApp();
  const latest = useRef({ state, context, onKey });
  latest.current = { state, context, onKey };
  // A burst of keys (typed ahead while busy, or pasted) arrives as one string: one action each.
  const handler = useCallback(
    (input: string, key: KeyFlags) => {
      latest.current.onKey?.();
      const view = latest.current.context();
      let editing = latest.current.state.filterDraft !== null;
      for (const k of splitKeys(input, key)) {
        if (editing) {
          const edit = filterEditFor(k.input, k.key);
          if (edit) dispatch({ type: 'filter-edit', edit });
          if (edit?.kind === 'commit' || edit?.kind === 'cancel') editing = false;
          continue;
        }
        const command = commandFor(k.input, k.key);
        if (command) dispatch({ type: 'command', command, view });
        if (command === 'filter') editing = true;
      }
    },
    [dispatch],
  );
  useInput(handler);
  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);
}

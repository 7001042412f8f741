/**
 * The state of `layerscope explore` and the one reducer that changes it. Pure: what the
 * screen shows (row counts, the row under the cursor, how many rows fit) comes in with each
 * action as a ViewContext, so the reducer needs neither React nor the analysis.
 */
import { commandFor, filterEditFor, type Command, type FilterEdit, type KeyFlags } from './keys.js';

export type Pane = 'layers' | 'files' | 'details';
/** Why the screen closes: `q` (exit 0) or ctrl+c (exit 130). */
export type QuitReason = 'quit' | 'interrupt';
/** changes: what the selected layer itself added, modified, removed; merged: the file system up to it. */
export type ViewMode = 'changes' | 'merged';
export type FileSort = 'name' | 'size' | 'inodes';
export type ChangeStatus = 'added' | 'modified' | 'removed' | 'unmodified';

export const PANES: readonly Pane[] = ['layers', 'files', 'details'];
export const SORTS: readonly FileSort[] = ['name', 'size', 'inodes'];

export interface ExploreState {
  focus: Pane;
  /** Selected row of the layers pane (0-based). */
  layer: number;
  layerScroll: number;
  mode: ViewMode;
  /** Files pane: cursor and first visible row, as indices into the visible rows. */
  cursor: number;
  scroll: number;
  /** Directories the user opened (true) or closed (false); others follow `autoOpen`. */
  open: ReadonlyMap<string, boolean>;
  /** While a filter is active, directories with matches are open unless closed by hand. */
  autoOpen: boolean;
  show: Readonly<Record<ChangeStatus, boolean>>;
  sort: FileSort;
  /** The applied filter (a regular expression's source; '' for none). */
  filter: string;
  /** The filter line being edited, or null. */
  filterDraft: string | null;
  filterError: string | null;
  help: boolean;
  helpScroll: number;
  detailsScroll: number;
  quit: QuitReason | null;
}

/** What the screen shows right now, as the reducer needs it. */
export interface ViewContext {
  layerRows: number;
  fileRows: number;
  detailLines: number;
  helpLines: number;
  /** Rows each pane (and the help) has room for. */
  page: Readonly<Record<Pane | 'help', number>>;
  /** The files row at an index (the reducer asks for the one under its cursor). */
  fileRow?: (index: number) => FileRowInfo | undefined;
}

export interface FileRowInfo {
  path: string;
  /** A directory with rows below it. */
  dir: boolean;
  open: boolean;
  /** Row of its parent directory, -1 at the top. */
  parent: number;
}

/**
 * What a key press meets: the screen's data as it was when the key arrived. `view` is asked
 * with the state the key applies to (the latest, after every key before it), never the state
 * of a past render, so a burst of keys gives what the same keys typed slowly give.
 */
export interface World {
  view(state: ExploreState): ViewContext;
}

export type Action =
  | { type: 'key'; input: string; key: KeyFlags; world: World }
  | { type: 'command'; command: Command; view: ViewContext }
  | { type: 'filter-edit'; edit: Exclude<FilterEdit, null> };

export const initialState: ExploreState = {
  focus: 'layers',
  layer: 0,
  layerScroll: 0,
  mode: 'changes',
  cursor: 0,
  scroll: 0,
  open: new Map(),
  autoOpen: true,
  show: { added: true, modified: true, removed: true, unmodified: true },
  sort: 'size',
  filter: '',
  filterDraft: null,
  filterError: null,
  help: false,
  helpScroll: 0,
  detailsScroll: 0,
  quit: null,
};

export function reduce(state: ExploreState, action: Action): ExploreState {
  if (action.type === 'filter-edit') return editFilter(state, action.edit);
  if (action.type === 'key') return reduceKey(state, action);
  return reduceCommand(state, action.command, action.view);
}

/** A key press: text for the filter line while it is edited, else the key table's command. */
function reduceKey(state: ExploreState, { input, key, world }: Extract<Action, { type: 'key' }>): ExploreState {
  if (state.filterDraft !== null) {
    const edit = filterEditFor(input, key);
    return edit ? editFilter(state, edit) : state;
  }
  const command = commandFor(input, key);
  return command ? reduceCommand(state, command, world.view(state)) : state;
}

function reduceCommand(state: ExploreState, command: Command, view: ViewContext): ExploreState {
  if (command === 'interrupt') return { ...state, quit: 'interrupt' };
  if (state.help) return helpKey(state, command, view);
  if (command === 'quit') return { ...state, quit: 'quit' };
  switch (command) {
    case 'help':
      return { ...state, help: true, helpScroll: 0 };
    case 'escape':
      return state.filter ? withFilter(state, '') : state;
    case 'next-pane':
    case 'prev-pane':
      return { ...state, focus: nextPane(state.focus, command === 'next-pane' ? 1 : -1) };
    case 'view':
      return resetFiles({ ...state, mode: state.mode === 'changes' ? 'merged' : 'changes' });
    case 'sort':
      return resetFiles({ ...state, sort: SORTS[(SORTS.indexOf(state.sort) + 1) % SORTS.length] });
    case 'toggle-added':
    case 'toggle-modified':
    case 'toggle-removed':
    case 'toggle-unmodified':
      return toggleShown(state, command.slice('toggle-'.length) as ChangeStatus);
    case 'filter':
      return { ...state, filterDraft: state.filter, filterError: null };
    case 'collapse-all':
      return { ...state, open: new Map(), autoOpen: false, cursor: 0, scroll: 0 };
    case 'toggle':
    case 'expand':
    case 'collapse':
      return state.focus === 'files' ? openClose(state, command, view) : state;
    default:
      return move(state, command, view);
  }
}

/** The help swallows every key: ?, esc and q close it, the moves scroll it. */
function helpKey(state: ExploreState, command: Command, view: ViewContext): ExploreState {
  if (command === 'help' || command === 'escape' || command === 'quit') return { ...state, help: false };
  const page = Math.max(1, view.page.help);
  const step = moveStep(command, page);
  if (step === undefined) return state;
  const helpScroll = clamp(state.helpScroll + step, 0, Math.max(0, view.helpLines - page));
  return helpScroll === state.helpScroll ? state : { ...state, helpScroll };
}

function moveStep(command: Command, page: number): number | undefined {
  const steps: Partial<Record<Command, number>> = {
    up: -1,
    down: 1,
    'page-up': -page,
    'page-down': page,
    top: -Infinity,
    bottom: Infinity,
  };
  return steps[command];
}

function nextPane(p: Pane, step: number): Pane {
  return PANES[(PANES.indexOf(p) + step + PANES.length) % PANES.length];
}

function resetFiles(state: ExploreState): ExploreState {
  return { ...state, cursor: 0, scroll: 0 };
}

function toggleShown(state: ExploreState, status: ChangeStatus): ExploreState {
  return resetFiles({ ...state, show: { ...state.show, [status]: !state.show[status] } });
}

function withFilter(state: ExploreState, filter: string): ExploreState {
  if (filter === state.filter) return state;
  return resetFiles({ ...state, filter, autoOpen: true });
}

function editFilter(state: ExploreState, edit: Exclude<FilterEdit, null>): ExploreState {
  if (edit.kind === 'quit') return { ...state, quit: 'interrupt' };
  if (state.filterDraft === null) return state;
  if (edit.kind === 'cancel') return { ...withFilter(state, ''), filterDraft: null, filterError: null };
  if (edit.kind === 'commit') return state.filterError ? state : { ...state, filterDraft: null };
  const draft = edit.kind === 'type' ? state.filterDraft + edit.text : state.filterDraft.slice(0, -1);
  const error = regexError(draft);
  const next = error ? state : withFilter(state, draft);
  return { ...next, filterDraft: draft, filterError: error };
}

/** Why `source` is not a valid regular expression, or null. */
export function regexError(source: string): string | null {
  try {
    new RegExp(source);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

function openClose(state: ExploreState, command: Command, view: ViewContext): ExploreState {
  const row = view.fileRow?.(state.cursor);
  if (!row) return state;
  if (command === 'collapse' && !(row.dir && row.open)) {
    return row.parent >= 0 ? follow(state, 'files', row.parent, view) : state;
  }
  if (!row.dir) return state;
  const open = command === 'toggle' ? !row.open : command === 'expand';
  if (open === row.open) return state;
  const map = new Map(state.open);
  map.set(row.path, open);
  return { ...state, open: map };
}

function move(state: ExploreState, command: Command, view: ViewContext): ExploreState {
  const pane = state.focus;
  const page = Math.max(1, view.page[pane]);
  const current = pane === 'layers' ? state.layer : pane === 'files' ? state.cursor : state.detailsScroll;
  const step = moveStep(command, page);
  if (step === undefined) return state;
  return follow(state, pane, current + step, view);
}

/** Moves the pane's cursor to `target` (clamped) and scrolls just enough to keep it in view. */
function follow(state: ExploreState, pane: Pane, target: number, view: ViewContext): ExploreState {
  const page = Math.max(1, view.page[pane]);
  if (pane === 'details') {
    const detailsScroll = clamp(target, 0, Math.max(0, view.detailLines - page));
    return detailsScroll === state.detailsScroll ? state : { ...state, detailsScroll };
  }
  const count = pane === 'layers' ? view.layerRows : view.fileRows;
  const cursor = clamp(target, 0, Math.max(0, count - 1));
  const scroll = scrollFor(cursor, pane === 'layers' ? state.layerScroll : state.scroll, page, count);
  if (pane === 'files')
    return cursor === state.cursor && scroll === state.scroll ? state : { ...state, cursor, scroll };
  if (cursor === state.layer && scroll === state.layerScroll) return state;
  return resetFiles({ ...state, layer: cursor, layerScroll: scroll });
}

/** The first visible row that keeps `cursor` on screen, moving `scroll` as little as possible. */
export function scrollFor(cursor: number, scroll: number, page: number, count: number): number {
  let s = scroll;
  if (cursor < s) s = cursor;
  if (cursor >= s + page) s = cursor - page + 1;
  return clamp(s, 0, Math.max(0, count - page));
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Whether a directory is open: the user's choice, else open while a filter is active. */
export function isOpen(state: Pick<ExploreState, 'open' | 'autoOpen' | 'filter'>, path: string): boolean {
  return state.open.get(path) ?? (state.filter !== '' && state.autoOpen);
}

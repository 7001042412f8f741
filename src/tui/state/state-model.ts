/** The explore state, the actions that change it and the screen data a key meets (the reducer is state.ts). */
import type { Command, FilterEdit, KeyFlags } from './keys.js';
import type { HistoryState, PackagesState, WasteList, WasteState } from './overlay-keys.js';

export type Pane = 'layers' | 'files' | 'details';
/** Why the screen closes: `q` (exit 0) or ctrl+c (exit 130). */
export type QuitReason = 'quit' | 'interrupt';
/** changes: what the selected layer itself added, modified, removed; merged: the file system up to it. */
export type ViewMode = 'changes' | 'merged';
export type FileSort = 'name' | 'size' | 'inodes';
export type ChangeStatus = 'added' | 'modified' | 'removed' | 'unmodified';

export type { PackagesState, WasteList, WasteState } from './overlay-keys.js';

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
  /** `e`: every directory open unless closed by hand. */
  allOpen: boolean;
  /** `i`: the files pane shows each entry's mode and uid:gid. */
  attributes: boolean;
  show: Readonly<Record<ChangeStatus, boolean>>;
  sort: FileSort;
  /** The applied filter (a regular expression with size and inode terms, filter-query.ts; '' for none). */
  filter: string;
  /** The filter line being edited, or null. */
  filterDraft: string | null;
  filterError: string | null;
  help: boolean;
  helpScroll: number;
  detailsScroll: number;
  /** `p`: the history of a path, over the panes. */
  history: HistoryState | null;
  /** `w`: the waste pane, over the panes. */
  waste: WasteState | null;
  /** `P`: the packages pane, over the panes. */
  packages: PackagesState | null;
  quit: QuitReason | null;
}

/** What the screen shows right now, as the reducer needs it. */
export interface ViewContext {
  layerRows: number;
  fileRows: number;
  detailLines: number;
  helpLines: number;
  /** Rows each pane (and the help, the history, the waste and the packages pane) has room for. */
  page: Readonly<Record<Pane | 'help', number>> & Readonly<Partial<Record<'history' | 'waste' | 'packages', number>>>;
  /** The files row at an index (the reducer asks for the one under its cursor). */
  fileRow?: (index: number) => FileRowInfo | undefined;
  /** The row showing a path, or -1. */
  rowOf?: (path: string) => number;
  /** Lines of a path's history; absent where the screen has no history (compare). */
  historyLines?: (path: string) => number;
  /** The waste lists; absent where the screen has none (compare, or not analysed yet). */
  waste?: WasteLists;
  /** The packages list (no rows until the image is analysed); absent where the screen has none (compare). */
  packages?: PackageLists;
}

/** Where enter in an overlay lands: a layer (0-based) and a path in it. */
export interface JumpTarget {
  layer: number;
  path: string;
}

export interface PackageLists {
  rows(sort: number): number;
  /** The layer that added the package (0-based) and its directory (or database file). */
  target(sort: number, index: number): JumpTarget | undefined;
}

export interface WasteLists {
  rows(list: WasteList, sort: number): number;
  /** The layer (0-based) and path a row jumps to. */
  target(list: WasteList, sort: number, index: number): JumpTarget | undefined;
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
  | { type: 'command'; command: Command; view: ViewContext; world?: World }
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
  allOpen: false,
  attributes: false,
  show: { added: true, modified: true, removed: true, unmodified: true },
  sort: 'size',
  filter: '',
  filterDraft: null,
  filterError: null,
  help: false,
  helpScroll: 0,
  detailsScroll: 0,
  history: null,
  waste: null,
  packages: null,
  quit: null,
};

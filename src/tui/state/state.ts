/**
 * The state of `layerscope explore` and the one reducer that changes it. Pure: what the
 * screen shows (row counts, the row under the cursor, how many rows fit) comes in with each
 * action as a ViewContext, so the reducer needs neither React nor the analysis.
 */
import { filterError } from './filter-query.js';
import { commandFor, filterEditFor, type Command, type FilterEdit } from './keys.js';
import { jumpState, type JumpHow } from './jump.js';
import { historyKey, packagesKey, wasteKey, type OverlayAnswer } from './overlay-keys.js';
import { clamp, moveStep, scrollFor } from './scroll-math.js';

export { scrollFor } from './scroll-math.js';
export { initialState } from './state-model.js';
export type {
  WasteList,
  PackageLists,
  QuitReason,
  ViewMode,
  FileSort,
  ChangeStatus,
  ExploreState,
  ViewContext,
  WasteLists,
  FileRowInfo,
  World,
  Action,
} from './state-model.js';
import {
  PANES,
  SORTS,
  type Action,
  type ChangeStatus,
  type ExploreState,
  type JumpTarget,
  type Pane,
  type ViewContext,
  type World,
} from './state-model.js';

export function reduce(state: ExploreState, action: Action): ExploreState {
  if (action.type === 'filter-edit') return editFilter(state, action.edit);
  if (action.type === 'key') return reduceKey(state, action);
  return reduceCommand(state, action.command, action.view, action.world);
}

/** A key press: text for the filter line while it is edited, else the key table's command. */
function reduceKey(state: ExploreState, { input, key, world }: Extract<Action, { type: 'key' }>): ExploreState {
  if (state.filterDraft !== null) {
    const edit = filterEditFor(input, key);
    return edit ? editFilter(state, edit) : state;
  }
  const command = commandFor(input, key);
  return command ? reduceCommand(state, command, world.view(state), world) : state;
}

function reduceCommand(state: ExploreState, command: Command, view: ViewContext, world?: World): ExploreState {
  if (command === 'interrupt') return { ...state, quit: 'interrupt' };
  if (state.help) return helpKey(state, command, view);
  if (state.history) {
    const next = historyKey(
      state.history,
      command,
      view.page.history ?? 1,
      view.historyLines?.(state.history.path) ?? 0,
    );
    return next === state.history ? state : overlayAnswer(state, 'history', next);
  }
  if (state.waste) {
    const next = wasteKey(
      state.waste,
      command,
      view.page.waste ?? 1,
      (list, sort) => view.waste?.rows(list, sort) ?? 0,
    );
    if (next === 'jump') {
      const target = view.waste?.target(state.waste.list, state.waste.sort, state.waste.cursor);
      return jumpTo(state, target, { mode: 'changes', openPath: false }, view, world);
    }
    return next === state.waste ? state : overlayAnswer(state, 'waste', next);
  }
  if (state.packages) return packagesAnswer(state, command, view, world);
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
      return { ...state, open: new Map(), autoOpen: false, allOpen: false, cursor: 0, scroll: 0 };
    case 'expand-all':
      return keepRow(state, { ...state, open: new Map(), allOpen: true }, view, world);
    case 'attributes':
      return { ...state, attributes: !state.attributes };
    case 'history':
      return openHistory(state, view);
    case 'waste':
      return view.waste ? { ...state, waste: { list: 'inefficient', sort: 0, cursor: 0, scroll: 0 } } : state;
    case 'packages':
      return view.packages ? { ...state, packages: { sort: 0, cursor: 0, scroll: 0 } } : state;
    case 'toggle':
    case 'expand':
    case 'collapse':
      return state.focus === 'files' ? openClose(state, command, view) : state;
    default:
      return move(state, command, view);
  }
}

/** An overlay's answer applied: its next state, closed, or the help opened over it. */
function overlayAnswer<K extends 'history' | 'waste' | 'packages'>(
  state: ExploreState,
  overlay: K,
  answer: OverlayAnswer<NonNullable<ExploreState[K]>>,
): ExploreState {
  if (answer === 'close') return { ...state, [overlay]: null };
  if (answer === 'help') return { ...state, help: true, helpScroll: 0 };
  return { ...state, [overlay]: answer };
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
  const error = filterError(draft);
  const next = error ? state : withFilter(state, draft);
  return { ...next, filterDraft: draft, filterError: error };
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

/** Whether a directory is open: the user's choice, else open after `e` or while a filter is active. */
export function isOpen(state: Pick<ExploreState, 'open' | 'autoOpen' | 'allOpen' | 'filter'>, path: string): boolean {
  return state.open.get(path) ?? (state.allOpen || (state.filter !== '' && state.autoOpen));
}

/** `next`, with the files cursor on the row `state` had under it (when the world can say where it went), else at the top. */
function keepRow(state: ExploreState, next: ExploreState, view: ViewContext, world?: World): ExploreState {
  const path = view.fileRow?.(state.cursor)?.path;
  const after = world?.view(next);
  const row = path && after?.rowOf ? after.rowOf(path) : -1;
  return row >= 0 ? follow(next, 'files', row, after!) : resetFiles(next);
}

/** `p`: the history of the row under the files cursor. */
function openHistory(state: ExploreState, view: ViewContext): ExploreState {
  const path = view.fileRow?.(state.cursor)?.path;
  return path && view.historyLines ? { ...state, history: { path, scroll: 0 } } : state;
}

/** A key in the packages pane; enter shows the package's files: the merged tree at the layer that added it, its directory open. */
function packagesAnswer(state: ExploreState, command: Command, view: ViewContext, world?: World): ExploreState {
  const p = state.packages!;
  const next = packagesKey(p, command, view.page.packages ?? 1, (sort) => view.packages?.rows(sort) ?? 0);
  if (next === 'jump')
    return jumpTo(state, view.packages?.target(p.sort, p.cursor), { mode: 'merged', openPath: true }, view, world);
  return next === p ? state : overlayAnswer(state, 'packages', next);
}

/** Enter in an overlay: the target's layer and path (jump.ts), the files cursor on the path's row. */
function jumpTo(
  state: ExploreState,
  target: JumpTarget | undefined,
  how: JumpHow,
  view: ViewContext,
  world?: World,
): ExploreState {
  if (!target) return state;
  const next = jumpState(state, target, how, view);
  const after = world?.view(next);
  const row = after?.rowOf ? after.rowOf(target.path) : -1;
  return row >= 0 ? follow(next, 'files', row, after!) : next;
}

/**
 * Keys while an overlay has the screen: the path history (scrolls; p, esc, q close it), the
 * waste pane (moves, s sorts, w switches list, esc and q close it, enter jumps) and the
 * packages pane (moves, s sorts, P, esc and q close it, enter jumps). Each answers
 * with the overlay's next state or what the reducer (state.ts) does instead: close it, open
 * the help, jump to the row's file (that needs the files rows of the layer it jumps to). Pure.
 */
import type { Command } from './keys.js';
import { clamp, moveIn, moveStep } from './scroll-math.js';

/** inefficient: dive's list (paths written 2+ times); reclaimable: every entry no container sees, with its blame. */
export type WasteList = 'inefficient' | 'reclaimable';

export interface WasteState {
  list: WasteList;
  /** Index into WASTE_SORTS[list]. */
  sort: number;
  cursor: number;
  scroll: number;
}

export interface PackagesState {
  /** Index into PACKAGE_SORTS. */
  sort: number;
  cursor: number;
  scroll: number;
}

export interface HistoryState {
  path: string;
  scroll: number;
}

export type OverlayAnswer<T> = T | 'close' | 'help';

export const WASTE_LISTS: readonly WasteList[] = ['inefficient', 'reclaimable'];
/** The sort keys of each waste list, in the order `s` cycles them. */
export const WASTE_SORTS: Readonly<Record<WasteList, readonly string[]>> = {
  inefficient: ['wasted', 'copies', 'path'],
  reclaimable: ['size', 'layer', 'path'],
};

/** The sort keys of the packages pane, in the order `s` cycles them. */
export const PACKAGE_SORTS = ['size', 'inodes', 'name'] as const;

/** `page`: lines the overlay shows; `lines`: lines the history has. */
export function historyKey(
  history: HistoryState,
  command: Command,
  page: number,
  lines: number,
): OverlayAnswer<HistoryState> {
  if (command === 'history' || command === 'escape' || command === 'quit') return 'close';
  if (command === 'help') return 'help';
  const step = moveStep(command, Math.max(1, page));
  if (step === undefined) return history;
  const scroll = clamp(history.scroll + step, 0, Math.max(0, lines - Math.max(1, page)));
  return scroll === history.scroll ? history : { ...history, scroll };
}

/** `rows(list, sort)`: rows of a waste list. */
export function wasteKey(
  waste: WasteState,
  command: Command,
  page: number,
  rows: (list: WasteList, sort: number) => number,
): OverlayAnswer<WasteState> | 'jump' {
  switch (command) {
    case 'escape':
    case 'quit':
      return 'close';
    case 'help':
      return 'help';
    case 'waste':
      return {
        list: WASTE_LISTS[(WASTE_LISTS.indexOf(waste.list) + 1) % WASTE_LISTS.length],
        sort: 0,
        cursor: 0,
        scroll: 0,
      };
    case 'sort':
      return { ...waste, sort: (waste.sort + 1) % WASTE_SORTS[waste.list].length, cursor: 0, scroll: 0 };
    case 'toggle':
    case 'expand':
      return 'jump';
    default: {
      const moved = moveIn(waste, command, page, rows(waste.list, waste.sort));
      if (!moved || (moved.cursor === waste.cursor && moved.scroll === waste.scroll)) return waste;
      return { ...waste, ...moved };
    }
  }
}

/** `rows(sort)`: rows of the packages list. */
export function packagesKey(
  packages: PackagesState,
  command: Command,
  page: number,
  rows: (sort: number) => number,
): OverlayAnswer<PackagesState> | 'jump' {
  switch (command) {
    case 'packages':
    case 'escape':
    case 'quit':
      return 'close';
    case 'help':
      return 'help';
    case 'sort':
      return { sort: (packages.sort + 1) % PACKAGE_SORTS.length, cursor: 0, scroll: 0 };
    case 'toggle':
    case 'expand':
      return 'jump';
    default: {
      const moved = moveIn(packages, command, page, rows(packages.sort));
      if (!moved || (moved.cursor === packages.cursor && moved.scroll === packages.scroll)) return packages;
      return { ...packages, ...moved };
    }
  }
}

/**
 * Keys while an overlay has the screen: the path history (scrolls; p, esc, q close it) and the
 * waste pane (moves, s sorts, w switches list, esc and q close it; enter jumps, which state.ts
 * does, as it needs the files rows of the layer it jumps to). Pure.
 */
import type { Command } from './keys.js';
import { clamp, moveIn, moveStep } from './scroll-math.js';
import type { ExploreState, ViewContext, WasteList } from './state.js';

export const WASTE_LISTS: readonly WasteList[] = ['inefficient', 'reclaimable'];
/** The sort keys of each waste list, in the order `s` cycles them. */
export const WASTE_SORTS: Readonly<Record<WasteList, readonly string[]>> = {
  inefficient: ['wasted', 'copies', 'path'],
  reclaimable: ['size', 'layer', 'path'],
};

export function historyKey(state: ExploreState, command: Command, view: ViewContext): ExploreState {
  const history = state.history!;
  if (command === 'history' || command === 'escape' || command === 'quit') return { ...state, history: null };
  if (command === 'help') return { ...state, help: true, helpScroll: 0 };
  const page = Math.max(1, view.page.history ?? 1);
  const step = moveStep(command, page);
  if (step === undefined) return state;
  const lines = view.historyLines?.(history.path) ?? 0;
  const scroll = clamp(history.scroll + step, 0, Math.max(0, lines - page));
  return scroll === history.scroll ? state : { ...state, history: { ...history, scroll } };
}

/** The waste pane's answer to a key; 'jump' for enter (state.ts jumps to the row's file). */
export function wasteKey(state: ExploreState, command: Command, view: ViewContext): ExploreState | 'jump' {
  const waste = state.waste!;
  switch (command) {
    case 'escape':
    case 'quit':
      return { ...state, waste: null };
    case 'help':
      return { ...state, help: true, helpScroll: 0 };
    case 'waste':
      return { ...state, waste: { list: WASTE_LISTS[(WASTE_LISTS.indexOf(waste.list) + 1) % WASTE_LISTS.length], sort: 0, cursor: 0, scroll: 0 } };
    case 'sort':
      return { ...state, waste: { ...waste, sort: (waste.sort + 1) % WASTE_SORTS[waste.list].length, cursor: 0, scroll: 0 } };
    case 'toggle':
    case 'expand':
      return 'jump';
    default: {
      const moved = moveIn(waste, command, view.page.waste ?? 1, view.waste?.rows(waste.list, waste.sort) ?? 0);
      if (!moved || (moved.cursor === waste.cursor && moved.scroll === waste.scroll)) return state;
      return { ...state, waste: { ...waste, ...moved } };
    }
  }
}

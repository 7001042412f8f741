/**
 * The rows of the files pane for a state, computed stage by stage (matches, visible mask,
 * flattened rows) and kept while their inputs stay the same, so a cursor move recomputes
 * nothing. One memo serves both the frame being drawn and the reducer, which asks for the
 * rows of the state a key applies to (see World in state.ts). No React.
 */
import { isOpen, type ExploreState } from './state.js';
import { flattenRows, matchPaths, visibleMask, type FilesView, type VisibleRows } from './tree-model.js';

export interface FileRows {
  view: FilesView;
  visible: Uint8Array;
  rows: VisibleRows;
}

type RowsState = Pick<ExploreState, 'filter' | 'show' | 'sort' | 'open' | 'autoOpen' | 'allOpen'>;

/** `fn`, remembering its last result while every argument is the same (Object.is). */
export function memoLast<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: A | undefined;
  let value: R;
  return (...args: A) => {
    if (last && args.every((a, i) => Object.is(a, last![i]))) return value;
    value = fn(...args);
    last = args;
    return value;
  };
}

export class FileRowsMemo {
  private readonly match = memoLast((view: FilesView, filter: string) => matchPaths(view, filter));
  private readonly visible = memoLast(
    (view: FilesView, match: ReturnType<typeof matchPaths>, show: ExploreState['show']) =>
      visibleMask(view, match, show),
  );
  private readonly flat = memoLast(
    (
      view: FilesView,
      visible: Uint8Array,
      sort: ExploreState['sort'],
      open: ExploreState['open'],
      autoOpen: boolean,
      allOpen: boolean,
      filter: string,
    ) => flattenRows(view, visible, sort, (p) => isOpen({ open, autoOpen, allOpen, filter }, p)),
  );

  rows(view: FilesView | null, state: RowsState): FileRows | null {
    if (!view) return null;
    const visible = this.visible(view, this.match(view, state.filter), state.show);
    return {
      view,
      visible,
      rows: this.flat(view, visible, state.sort, state.open, state.autoOpen, state.allOpen, state.filter),
    };
  }
}

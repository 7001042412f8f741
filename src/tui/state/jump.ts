/**
 * Where enter in the waste or the packages pane lands: the layer of the row with its files
 * pane focused, every kind shown, no filter, the directories above the path open (and the
 * path itself, for a package's directory), the overlays closed. The reducer (state.ts) then
 * puts the files cursor on the path's row. Pure.
 */
import { scrollFor } from './scroll-math.js';
import { initialState, type ExploreState, type JumpTarget, type ViewContext, type ViewMode } from './state-model.js';

export interface JumpHow {
  /** changes: the file as its layer wrote it; merged: the whole tree up to the layer (a package's every file). */
  mode: ViewMode;
  /** Open the path itself (a directory whose entries are the point). */
  openPath: boolean;
}

export function jumpState(state: ExploreState, target: JumpTarget, how: JumpHow, view: ViewContext): ExploreState {
  const open = new Map(state.open);
  for (let at = target.path.lastIndexOf('/'); at > 0; at = target.path.lastIndexOf('/', at - 1))
    open.set(target.path.slice(0, at), true);
  if (how.openPath) open.set(target.path, true);
  const layerScroll = scrollFor(target.layer, state.layerScroll, Math.max(1, view.page.layers), view.layerRows);
  return {
    ...state,
    cursor: 0,
    scroll: 0,
    waste: null,
    packages: null,
    focus: 'files',
    layer: target.layer,
    layerScroll,
    mode: how.mode,
    show: initialState.show,
    filter: '',
    open,
  };
}

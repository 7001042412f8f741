/** The ViewContext the reducer reads (state.ts), from a layout and the panes' rows. Pure. */
import type { FileRows } from './file-rows.js';
import { helpLines, helpRows } from './help-lines.js';
import { historyRows, packagesRows, wasteRows, type Layout } from '../app/layout.js';
import type { ExploreState, ViewContext, World } from './state.js';
import { fileRow } from './tree-model.js';

/**
 * The screen as a key meets it: for each state, the view of the files and details of the
 * layer (or step) under its cursor. `layerRows`: the rows of the layers pane.
 */
export function screenWorld(
  layout: Layout,
  layerRows: number,
  files: (s: ExploreState) => FileRows | null,
  detailLines: (s: ExploreState) => number,
  overlays: Pick<ViewContext, 'historyLines' | 'waste' | 'packages'> = {},
): World {
  return {
    view: (s) =>
      viewContext(
        layout,
        layerRows,
        () => files(s),
        () => detailLines(s),
        overlays,
      ),
  };
}

/**
 * What the reducer needs to know about the screen. The files rows and the details are asked
 * for lazily: a key in the layers pane never builds the files of the layer it moves to.
 */
function viewContext(
  layout: Layout,
  layerRows: number,
  files: () => FileRows | null,
  detailLines: () => number,
  overlays: Pick<ViewContext, 'historyLines' | 'waste' | 'packages'> = {},
): ViewContext {
  return {
    ...overlays,
    layerRows,
    get fileRows() {
      return files()?.rows.count ?? 0;
    },
    get detailLines() {
      return detailLines();
    },
    helpLines: helpLines(layout.width).length,
    page: {
      layers: layout.layerRows,
      files: layout.fileRows,
      details: layout.detailRows,
      help: helpRows(layout),
      history: historyRows(layout),
      waste: wasteRows(layout),
      packages: packagesRows(layout),
    },
    rowOf: (path) => {
      const f = files();
      const id = f ? f.view.paths.idOf(path) : -1;
      return id < 0 ? -1 : f!.rows.ids.indexOf(id);
    },
    fileRow: (i) => {
      const f = files();
      if (!f || i < 0 || i >= f.rows.count) return undefined;
      const row = fileRow(f.view, f.rows, f.visible, i);
      return { path: row.path, dir: row.expandable, open: row.open, parent: f.rows.parent[i] };
    },
  };
}

/**
 * What explore's panes show for a feed snapshot and a state — the files rows of a layer and
 * the details lines — computed once and kept, so the frame being drawn and the reducer
 * (through world()) read the same rows and a cursor move recomputes nothing. No React.
 */
import { imageDetails, wrapLine, type Line } from './details-model.js';
import { pathHistoryOf } from '../../analysis/fs/path-history.js';
import type { ExploreAnalysis } from '../feed/explore-analysis.js';
import { FileRowsMemo, memoLast, type FileRows } from './file-rows.js';
import { historyLines } from './history-lines.js';
import { wasteRows, type WasteRow } from './waste-rows.js';
import { packageRows, type PackageRow } from './package-rows.js';
import type { PackageReport } from '../../analysis/packages/package-model.js';
import type { FeedSnapshot } from '../feed/image-feed.js';
import type { Layout } from '../app/layout.js';
import type { ExploreState, PackageLists, ViewMode, WasteList, WasteLists, World } from './state.js';
import { buildFilesView, type FilesView } from './tree-model.js';
import { screenWorld } from './view-context.js';
import { ViewCache } from './view-cache.js';

export class ScreenData {
  private readonly views = new ViewCache<FilesView>();
  private readonly rows = new FileRowsMemo();
  private lastDetails: { key: unknown[]; lines: Line[] } | undefined;
  private lastHistory: { key: unknown[]; lines: Line[] } | undefined;

  filesView(snap: FeedSnapshot, layer: number, mode: ViewMode): FilesView | null {
    if (!snap.fs || layer >= snap.fsLayers) return null;
    return this.views.get([snap.fs], `${layer}:${mode}`, () => buildFilesView(snap.fs!, layer, mode));
  }

  files(snap: FeedSnapshot, layer: number, state: ExploreState): FileRows | null {
    return this.rows.rows(this.filesView(snap, layer, state.mode), state);
  }

  details(snap: FeedSnapshot, layer: number, width: number): Line[] {
    const key = [snap.layers, snap.analysis, snap.error, layer, width];
    if (this.lastDetails && key.every((k, i) => Object.is(k, this.lastDetails!.key[i]))) return this.lastDetails.lines;
    const lines = imageDetails(snap, layer).flatMap((l) => wrapLine(l, width));
    this.lastDetails = { key, lines };
    return lines;
  }

  /** The history overlay's lines for a path (of the merged layers so far). */
  history(snap: FeedSnapshot, path: string, width: number): Line[] {
    const key = [snap.fs, snap.layers, path, width];
    if (this.lastHistory && key.every((k, i) => Object.is(k, this.lastHistory!.key[i]))) return this.lastHistory.lines;
    const h = snap.fs
      ? pathHistoryOf(
          snap.fs,
          path,
          snap.layers.map((l) => l.createdBy),
        )
      : { path, present: false, touches: [] };
    const lines = historyLines(h, snap.fsLayers, snap.layers.length, width);
    this.lastHistory = { key, lines };
    return lines;
  }

  /** The waste pane's rows, once the image is analysed. */
  waste(snap: FeedSnapshot, list: WasteList, sort: number): WasteRow[] {
    if (!snap.analysis) return [];
    return this.wasteMemo(snap.analysis, list, sort);
  }

  private readonly wasteMemo = memoLast((a: ExploreAnalysis, list: WasteList, sort: number) =>
    wasteRows(a, list, sort),
  );

  /** The packages pane's rows, once the image is analysed (none before). */
  packages(snap: FeedSnapshot, sort: number): PackageRow[] {
    if (!snap.analysis) return [];
    return this.packagesMemo(snap.analysis.packages, sort);
  }

  private readonly packagesMemo = memoLast((r: PackageReport, sort: number) => packageRows(r, sort));

  /** The screen as a key meets it; the files are those of the layer under the cursor. */
  world(snap: FeedSnapshot, layout: Layout): World {
    const waste: WasteLists | undefined = snap.analysis
      ? {
          rows: (list, sort) => this.waste(snap, list, sort).length,
          target: (list, sort, i) => this.waste(snap, list, sort)[i],
        }
      : undefined;
    const packages: PackageLists = {
      rows: (sort) => this.packages(snap, sort).length,
      target: (sort, i) => this.packages(snap, sort)[i],
    };
    const overlays = {
      historyLines: (path: string) => this.history(snap, path, layout.width).length,
      waste,
      packages,
    };
    return screenWorld(
      layout,
      snap.layers.length,
      (s) => this.files(snap, s.layer, s),
      (s) => this.details(snap, s.layer, layout.width).length,
      overlays,
    );
  }
}

/**
 * What explore's panes show for a feed snapshot and a state — the files rows of a layer and
 * the details lines — computed once and kept, so the frame being drawn and the reducer
 * (through world()) read the same rows and a cursor move recomputes nothing. No React.
 */
import { imageDetails, wrapLine, type Line } from './details-model.js';
import { FileRowsMemo, type FileRows } from './file-rows.js';
import type { FeedSnapshot } from '../feed/image-feed.js';
import type { Layout } from '../app/layout.js';
import type { ExploreState, ViewMode, World } from './state.js';
import { buildFilesView, type FilesView } from './tree-model.js';
import { viewContext } from './view-context.js';
import { ViewCache } from './view-cache.js';

export class ScreenData {
  private readonly views = new ViewCache<FilesView>();
  private readonly rows = new FileRowsMemo();
  private lastDetails: { key: unknown[]; lines: Line[] } | undefined;

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

  /** The screen as a key meets it; the files are those of the layer under the cursor. */
  world(snap: FeedSnapshot, layout: Layout): World {
    return {
      view: (s) =>
        viewContext(
          layout,
          snap.layers.length,
          () => this.files(snap, s.layer, s),
          () => this.details(snap, s.layer, layout.width).length,
        ),
    };
  }
}

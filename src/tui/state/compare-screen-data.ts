/**
 * What `explore --compare`'s panes show for a snapshot and a state — the diff of a step as
 * files rows, the details lines — computed once and kept, shared by the frame and the reducer
 * (through world()), as ScreenData is for one image. No React.
 */
import { compareDetails } from './compare-details.js';
import type { CompareSnapshot } from '../feed/compare-feed.js';
import { wrapLine, type Line } from './details-model.js';
import { FileRowsMemo, type FileRows } from './file-rows.js';
import type { FeedSnapshot } from '../feed/image-feed.js';
import type { Layout } from '../app/layout.js';
import type { ExploreState, ViewMode, World } from './state.js';
import { buildStepDiff, type StepDiff } from '../feed/step-diff.js';
import { screenWorld } from './view-context.js';
import { ViewCache } from './view-cache.js';

export class CompareScreenData {
  private readonly diffs = new ViewCache<StepDiff>();
  private readonly rows = new FileRowsMemo();
  private lastDetails: { key: unknown[]; lines: Line[] } | undefined;

  diff(snap: CompareSnapshot, step: number, mode: ViewMode): StepDiff | null {
    if (!sideReady(snap.a, step, mode) || !sideReady(snap.b, step, mode)) return null;
    return this.diffs.get([snap.a.fs!, snap.b.fs!], `${step}:${mode}`, () =>
      buildStepDiff(snap.a.fs!, snap.b.fs!, step, mode),
    );
  }

  files(snap: CompareSnapshot, step: number, state: ExploreState): FileRows | null {
    return this.rows.rows(this.diff(snap, step, state.mode), state);
  }

  /** The details of the selected step; its diff summary once the files pane shows that step. */
  details(snap: CompareSnapshot, layer: number, diff: StepDiff | null, width: number): Line[] {
    const key = [snap, layer, diff, width];
    if (this.lastDetails && key.every((k, i) => Object.is(k, this.lastDetails!.key[i]))) return this.lastDetails.lines;
    const lines = compareDetails(snap, layer, diff).flatMap((l) => wrapLine(l, width));
    this.lastDetails = { key, lines };
    return lines;
  }

  world(snap: CompareSnapshot, layout: Layout): World {
    return screenWorld(
      layout,
      snap.steps.length,
      (s) => this.files(snap, s.layer, s),
      (s) => this.details(snap, s.layer, this.diff(snap, s.layer, s.mode), layout.width).length,
    );
  }
}

/** The side's merged file system covers what the step's diff needs. */
function sideReady(s: FeedSnapshot, step: number, mode: ViewMode): boolean {
  const n = s.layers.length;
  if (n === 0) return true;
  if (!s.fs) return false;
  if (mode === 'changes') return step >= n || s.fsLayers > step;
  return s.fsLayers > Math.min(step, n - 1);
}

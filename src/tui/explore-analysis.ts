/**
 * The part of the image analysis the explore screen shows — efficiency, reclaimable waste
 * with blame, hints — computed one step at a time: on a 200k-path image the whole of
 * analyzeImage holds the event loop for about half a second, each step here for a fraction,
 * and the screen answers keys between steps. The same functions analyzeImage uses. Pure.
 */
import { findHints } from '../analysis/hints.js';
import type { ImageAnalysis } from '../analysis/image-analysis.js';
import type { MergedFs } from '../analysis/merge.js';
import { diveWaste } from '../analysis/waste-dive.js';
import { reclaimableWaste } from '../analysis/waste-reclaimable.js';

export type ExploreAnalysis = Pick<ImageAnalysis, 'dive' | 'reclaimable' | 'hints'>;

export class AnalysisSteps {
  private readonly parts: Partial<ExploreAnalysis> = {};
  private readonly steps: Array<() => void>;

  /** createdBy: the command of each layer, by 0-based index. */
  constructor(fs: MergedFs, createdBy: string[]) {
    const command = (layer: number) => createdBy[layer - 1] ?? '';
    this.steps = [
      () => {
        const r = reclaimableWaste(fs);
        this.parts.reclaimable = { ...r, blame: r.blame.map((b) => ({ ...b, writtenByCommand: command(b.writtenBy), madeDeadByCommand: command(b.madeDeadBy) })) };
      },
      () => void (this.parts.dive = diveWaste(fs)),
      () => void (this.parts.hints = findHints(fs)),
    ];
  }

  /** Runs the next step; the analysis once the last one is done, else null. */
  next(): ExploreAnalysis | null {
    this.steps.shift()?.();
    return this.steps.length === 0 ? (this.parts as ExploreAnalysis) : null;
  }
}

/**
 * The part of the image analysis the explore screen shows — efficiency, reclaimable waste
 * with blame, dive's inefficient paths and the dead entries of the waste pane, hints, the
 * packages of the packages pane —
 * computed one step at a time: on a 200k-path image the whole of analyzeImage holds the
 * event loop for about half a second, each step here for a fraction, and the screen answers
 * keys between steps. The same functions analyzeImage uses. Pure.
 */
import { findHints } from '../../analysis/hints/hints.js';
import { reclaimableWithCommands, type ImageAnalysis } from '../../analysis/report/image-analysis.js';
import type { MergedFs } from '../../analysis/fs/merge.js';
import { viewEntries, type ViewEntries } from '../../analysis/fs/merged-queries.js';
import { findPackages } from '../../analysis/packages/find-packages.js';
import type { PackageReport } from '../../analysis/packages/package-model.js';
import { diveWaste } from '../../analysis/waste/waste-dive.js';
import { deadEntries, type DeadEntry } from '../../analysis/waste/waste-reclaimable.js';

/** dive's inefficient paths and the dead entries, as many as the waste pane lists. */
export const WASTE_TOP = 500;

export type ExploreAnalysis = Pick<ImageAnalysis, 'dive' | 'reclaimable' | 'hints'> & {
  dead: DeadEntry[];
  packages: PackageReport;
};

export class AnalysisSteps {
  private readonly parts: Partial<ExploreAnalysis> = {};
  private readonly steps: Array<() => void>;
  /** The final file system's entries, which the hints and the packages both read. */
  private final: ViewEntries | undefined;

  /** createdBy: the command of each layer, by 0-based index. */
  constructor(fs: MergedFs, createdBy: string[]) {
    this.steps = [
      () => void (this.parts.reclaimable = reclaimableWithCommands(fs, createdBy)),
      () => void (this.parts.dive = diveWaste(fs, WASTE_TOP)),
      () => void (this.parts.dead = deadEntries(fs, WASTE_TOP)),
      () => void (this.final = viewEntries(fs, { kind: 'final' })),
      () => void (this.parts.hints = findHints(fs, {}, this.final)),
      () => void (this.parts.packages = findPackages(fs, this.final)),
    ];
  }

  /** Runs the next step; the analysis once the last one is done, else null. */
  next(): ExploreAnalysis | null {
    this.steps.shift()?.();
    return this.steps.length === 0 ? (this.parts as ExploreAnalysis) : null;
  }
}

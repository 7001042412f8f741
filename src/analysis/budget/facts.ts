import type { PackageReport } from '../packages/package-model.js';

/**
 * What a budget is checked against, measured once: plain numbers and the paths of the
 * final file system. Built from the analysis models by cli/run/budget-facts.ts.
 */
export interface LayerFact {
  /** 1-based layer number. */
  layer: number;
  size: number;
  compressedSize: number | null;
  inodes: number;
  createdBy: string;
}

export interface PathFact {
  path: string;
  bytes: number;
  inodes: number;
  /** 1-based layer that wrote it. */
  layer: number;
}

export interface GrowthFacts {
  baseline: string;
  sizeGrowth: number;
  /** Growth ÷ baseline size. */
  sizeGrowthPercent: number;
  pullBytes: number;
  pullEstimated: boolean;
  newInodes: number;
  /** Layers of the image reused from the baseline by chain ID ÷ all layers. */
  layerReuse: number;
  /** The new layer that adds the most bytes. */
  biggestNewLayer: LayerFact | null;
}

export interface BudgetFacts {
  reference: string;
  image: { size: number; compressedSize: number | null; layers: number; inodes: number };
  layers: LayerFact[];
  waste: {
    efficiency: number;
    wastedBytes: number;
    userWastedPercent: number | null;
    reclaimableBytes: number;
    /** The largest inefficient path (dive) and the largest blame row (reclaimable), as text. */
    topInefficientPath: string | null;
    topBlame: string | null;
  };
  growth: GrowthFacts | null;
  /** The final file system: what a container sees. */
  finalPaths: PathFact[];
  /** Every path any layer wrote, including those a later layer deleted or overwrote. */
  writtenPaths: Array<{ path: string; layer: number }>;
  /** The packages of the final file system (analysis/packages), when a packages rule needs them. */
  packages: PackageReport | null;
}

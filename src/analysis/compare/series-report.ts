/**
 * The report of `layerscope series REF1 … REFn`: every step compared with the version
 * before it, totals over the series, the layer that is new in every release with its
 * cumulative cost, and the trend of size and new bytes per version. Pure.
 */
import type { CompareReport } from './compare-report.js';
import type { ImageSummary } from '../report/layer-report.js';

export interface SeriesTotals {
  steps: number;
  /** Layers found / not found in the version before (by chain ID), summed over the steps. */
  sharedLayers: number;
  newLayers: number;
  pullBytes: number;
  pullEstimated: boolean;
  /** Size (the engine's figure) of the new layers, summed over the steps. */
  newDiskSize: number;
  newInodes: number;
  /** Reused bytes / all bytes of the later versions (unpacked); null when they hold none. */
  reuseRatio: number | null;
  /** What a host holds after pulling every version in turn: the first version plus every step's new layers. */
  hostSize: number;
  hostInodes: number;
  filesAdded: number;
  filesRemoved: number;
  filesModified: number;
}

/** The lowest layer position that is new in every step; every layer above it is then new too. */
export interface AlwaysNew {
  /** 1-based position. */
  layer: number;
  /** Its command in the last version. */
  createdBy: string;
  /** Layers above it in the last version (new in every step as well). */
  layersAbove: number;
  /** Summed over the steps, for this layer and the ones above it. */
  cumulative: { pullBytes: number; pullEstimated: boolean; diskSize: number; inodes: number };
}

export interface TrendPoint {
  reference: string;
  size: number;
  inodes: number;
  /** Size (the engine's figure) of the layers new in this version; null for the first. */
  newSize: number | null;
  pullBytes: number | null;
}

export interface SeriesReport {
  versions: ImageSummary[];
  steps: CompareReport[];
  totals: SeriesTotals;
  alwaysNew: AlwaysNew | null;
  trend: TrendPoint[];
}

export function buildSeriesReport(steps: CompareReport[]): SeriesReport {
  const versions = steps.length > 0 ? [steps[0].a, ...steps.map((s) => s.b)] : [];
  const totals = steps.length > 0 ? [steps[0].totals.a, ...steps.map((s) => s.totals.b)] : [];
  return {
    versions,
    steps,
    totals: seriesTotals(steps),
    alwaysNew: alwaysNew(steps),
    trend: versions.map((v, i) => ({
      reference: v.reference,
      size: totals[i].size,
      inodes: totals[i].inodes,
      newSize: i === 0 ? null : steps[i - 1].layers.newDisk.size,
      pullBytes: i === 0 ? null : steps[i - 1].layers.pull.bytes,
    })),
  };
}

function seriesTotals(steps: CompareReport[]): SeriesTotals {
  const total = (f: (s: CompareReport) => number) => steps.reduce((acc, s) => acc + f(s), 0);
  const laterBytes = total((s) => s.totals.b.size);
  const first = steps[0]?.totals.a;
  return {
    steps: steps.length,
    sharedLayers: total((s) => s.layers.byChainID.shared),
    newLayers: total((s) => s.layers.byChainID.new),
    pullBytes: total((s) => s.layers.pull.bytes),
    pullEstimated: steps.some((s) => s.layers.pull.estimated),
    newDiskSize: total((s) => s.layers.newDisk.size),
    newInodes: total((s) => s.layers.newDisk.inodes),
    reuseRatio: laterBytes > 0 ? total((s) => s.layers.byChainID.sharedSize) / laterBytes : null,
    hostSize: (first?.size ?? 0) + total((s) => s.layers.newDisk.size),
    hostInodes: (first?.inodes ?? 0) + total((s) => s.layers.newDisk.inodes),
    filesAdded: total((s) => s.files.added.files),
    filesRemoved: total((s) => s.files.removed.files),
    filesModified: total((s) => s.files.modified.files),
  };
}

function alwaysNew(steps: CompareReport[]): AlwaysNew | null {
  if (steps.length === 0) return null;
  // Chain IDs cover everything below, so the new layers of a step are all those from its first new one up.
  const firstNew = steps.map((s) => s.layers.rows.findIndex((r) => r.status !== 'shared'));
  if (firstNew.some((f) => f < 0)) return null;
  const from = Math.max(...firstNew);
  if (steps.some((s) => from >= s.layers.rows.length)) return null;
  const rows = steps.flatMap((s) => s.layers.rows.slice(from));
  const last = steps[steps.length - 1].layers.rows;
  return {
    layer: from + 1,
    createdBy: last[from].createdBy,
    layersAbove: last.length - from - 1,
    cumulative: {
      pullBytes: rows.reduce((a, r) => a + r.pullBytes, 0),
      pullEstimated: rows.some((r) => r.pullEstimated),
      diskSize: rows.reduce((a, r) => a + r.size, 0),
      inodes: rows.reduce((a, r) => a + r.inodes, 0),
    },
  };
}

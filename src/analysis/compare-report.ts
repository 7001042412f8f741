/**
 * The report of `layerscope diff A B`: layer reuse (by chain ID and by diffID), what a host
 * holding A pulls and stores for B, the file-level diff of the final file systems, and the
 * churn of B's new layers. A plain model; renderers only translate it. Pure.
 */
import type { LayerScan } from '../scan/layer-scan.js';
import type { Image } from '../source/model.js';
import { layerChurn, type ChurnOptions, type LayerChurn } from './churn.js';
import { diffFiles, type FileDiff } from './file-diff.js';
import { imageSide, type ImageSide, type SideSummary } from './image-side.js';
import { layerReuse, type LayerReuse } from './layer-reuse.js';

/** One image ready to be compared: its layers (with chain IDs) and their scans. */
export interface CompareSide {
  side: ImageSide;
}

export interface CompareReport {
  a: SideSummary;
  b: SideSummary;
  layers: LayerReuse;
  files: FileDiff;
  /** One entry per layer of B not on a host holding A; null when the scans carry no content hashes. */
  churn: LayerChurn[] | null;
}

export interface CompareOptions {
  /** Rows in the top-directory and largest-change lists. */
  top: number;
  churn?: ChurnOptions;
}

export const DEFAULT_COMPARE_TOP = 10;

export function compareSide(image: Image, scans: LayerScan[]): CompareSide {
  return { side: imageSide(image, scans) };
}

export function buildCompareReport(a: CompareSide, b: CompareSide, opts: CompareOptions = { top: DEFAULT_COMPARE_TOP }): CompareReport {
  const layers = layerReuse(a.side, b.side);
  return {
    a: a.side.summary,
    b: b.side.summary,
    layers,
    files: diffFiles(a.side.scans, b.side.scans, { commonPrefix: layers.commonPrefix, top: opts.top }),
    churn: layerChurn(a.side, b.side, layers, opts.churn),
  };
}

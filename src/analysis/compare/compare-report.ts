/**
 * The report of `layerscope diff A B`: layer reuse (by chain ID and by diffID), what a host
 * holding A pulls and stores for B, the file-level diff of the final file systems, and the
 * churn of B's new layers. A plain model; renderers only translate it. Pure.
 *
 * Layer reuse needs only each layer's totals; the file diff, churn and package changes (the
 * step's content) need every entry of the scans. The content depends only on the two images' diffIDs, B's
 * layer commands and the options, so the step cache can keep it and serve it without scans.
 */
import type { LayerScan } from '../../scan/layer-scan.js';
import type { Image } from '../../source/model.js';
import { layerChurn, type ChurnOptions, type LayerChurn } from './churn.js';
import { diffFiles, type FileDiff } from './file-diff.js';
import { imageSide, type ImageSide, type SideTotals } from './image-side.js';
import type { ImageSummary } from '../report/layer-report.js';
import { layerReuse, type LayerReuse } from './layer-reuse.js';
import { diffPackages, packagesOfScans, type PackageDiff } from './package-diff.js';
import type { PackageReport } from '../packages/package-model.js';

/** One image ready to be compared: its layers (with chain IDs) and their scans. */
export interface CompareSide {
  side: ImageSide;
  scans: LayerScan[];
  /** Its packages, when the caller has them already (a series compares each image twice). */
  packages?: PackageReport;
}

export interface CompareReport {
  a: ImageSummary;
  b: ImageSummary;
  /** Each side's sums over its layers. */
  totals: { a: SideTotals; b: SideTotals };
  layers: LayerReuse;
  files: FileDiff;
  /** One entry per layer of B not on a host holding A; null when the scans carry no content hashes. */
  churn: LayerChurn[] | null;
  /** Packages added, removed and changed between the final file systems. */
  packages: PackageDiff;
}

/** What a step computes from the layers' entries: the file diff, the churn and the package changes. */
export type StepContent = Pick<CompareReport, 'files' | 'churn' | 'packages'>;

export interface CompareOptions {
  /** Rows in the top-directory, largest-change and package-change lists. */
  top: number;
  churn?: ChurnOptions;
}

export const DEFAULT_COMPARE_TOP = 10;

export function compareSide(image: Image, scans: LayerScan[]): CompareSide {
  return { side: imageSide(image, scans), scans };
}

export function buildCompareReport(
  a: CompareSide,
  b: CompareSide,
  opts: CompareOptions = { top: DEFAULT_COMPARE_TOP },
): CompareReport {
  const layers = layerReuse(a.side, b.side);
  const files = diffFiles(a.scans, b.scans, { commonPrefix: layers.commonPrefix, top: opts.top });
  const packages = diffPackages(
    a.packages ?? packagesOfScans(a.scans),
    b.packages ?? packagesOfScans(b.scans),
    opts.top,
  );
  return { ...sides(a.side, b.side), layers, files, churn: layerChurn(a.scans, b.scans, layers, opts.churn), packages };
}

/** The same report from content computed before (the step cache): no scans needed. */
export function reportWithContent(a: ImageSide, b: ImageSide, content: StepContent): CompareReport {
  return { ...sides(a, b), layers: layerReuse(a, b), ...content };
}

function sides(a: ImageSide, b: ImageSide): Pick<CompareReport, 'a' | 'b' | 'totals'> {
  return { a: a.summary, b: b.summary, totals: { a: a.totals, b: b.totals } };
}

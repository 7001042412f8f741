/**
 * The steps of `diff` and `series`, each image compared with the one before it. Every image
 * is opened first (metadata only) and each step looked up in the step cache by its key; only
 * the images a missing step needs are scanned — one after another, in the run's ScanSession
 * with content hashes, so a layer shared by several images is read once — and each image is
 * closed as soon as it is done with. A run whose steps are all cached reads no layer; it
 * still has each image described (the facts of its blobs, an engine export's config: from
 * the scan cache, or a blob's first bytes), so its figures equal those of a cold run.
 */
import type { Command } from 'commander';
import { CHURN_DEFAULTS } from '../../analysis/compare/churn.js';
import {
  buildCompareReport,
  reportWithContent,
  type CompareOptions,
  type CompareReport,
} from '../../analysis/compare/compare-report.js';
import { imageSide, layerTotals, type ImageSide } from '../../analysis/compare/image-side.js';
import { findPackages } from '../../analysis/packages/find-packages.js';
import type { PackageReport } from '../../analysis/packages/package-model.js';
import { layerCreatedBy } from '../../analysis/report/layer-report.js';
import type { CachedStep } from '../steps/step-codec.js';
import { stepKey, type StepCache, type StepKey } from '../steps/step-cache.js';
import type { LayerScan } from '../../scan/layer-scan.js';
import type { ScanSession, ScanStats } from '../../scan/scan-image.js';
import type { Image } from '../../source/model.js';
import type { CompareSetup } from './compare-run.js';
import type { CliContext } from './context.js';
import { openForCommand, scanAndMerge } from './open-scanned.js';

interface CompareRun {
  cmd: Command;
  ctx: CliContext;
  /** Absent with --no-cache. */
  steps?: StepCache;
  signal: AbortSignal;
}

/** The JSON `scan` object of diff and series: the ScanSession's counters and the steps served from the step cache. */
interface CompareScanStats extends ScanStats {
  stepsFromCache: number;
}

interface ComparedSteps {
  /** One report per pair of neighbours: refs[0] → refs[1], refs[1] → refs[2], … */
  reports: CompareReport[];
  scan: CompareScanStats;
}

interface Side {
  side: ImageSide;
  /** Null when every step the image is in came from the step cache. */
  scans: LayerScan[] | null;
  /** Its packages, found once from its layers merged as they were read (a series compares an image twice); null without scans. */
  packages: PackageReport | null;
}

export async function compareSteps(refs: string[], setup: CompareSetup, run: CompareRun): Promise<ComparedSteps> {
  const open = new Set<Image>();
  const done = async (image: Image) => {
    if (open.delete(image)) await image.close();
  };
  let session: ScanSession | undefined;
  const useSession = async () =>
    (session ??= (await import('./scan-session.js')).createScanSession(run.cmd.optsWithGlobals(), run.ctx.env));
  // Merged as the layers come in, for the packages: every image scanned is in a step to compute.
  const scan = async (image: Image) => {
    const scanned = await scanAndMerge(image, run.ctx, await useSession(), run.signal, { hashContent: true });
    return { image: scanned.image, scans: scanned.scans, packages: findPackages(scanned.fs) };
  };
  const describe = async (image: Image) => (await useSession()).describe(image, run.signal);
  try {
    const images = await openEach(refs, setup, run, open);
    const opts = { top: setup.top };
    const keys = images.slice(1).map((b, i) => stepKeyOf(images[i], b, opts));
    const cached = await Promise.all(keys.map((key) => run.steps?.get(key)));
    const reports: CompareReport[] = [];
    let previous: Side | undefined;
    for (const [i, image] of images.entries()) {
      // The steps this image is in: null where there is none, undefined where it is not cached.
      const before = i > 0 ? cached[i - 1] : null;
      const after = i < keys.length ? cached[i] : null;
      const totals = before === undefined || after === undefined ? undefined : (before?.b ?? after?.a);
      const scanned = totals ? { image: await describe(image), scans: null, packages: null } : await scan(image);
      await done(image);
      const current: Side = {
        side: imageSide(scanned.image, scanned.scans ?? totals!),
        scans: scanned.scans,
        packages: scanned.packages,
      };
      if (previous) reports.push(await stepReport(previous, current, before ?? undefined, keys[i - 1], run, opts));
      previous = current;
    }
    const stats = (session as ScanSession | undefined)?.stats ?? {
      layersScanned: 0,
      layersFromCache: 0,
      layersShared: 0,
      bytesRead: 0,
    };
    return { reports, scan: { ...stats, stepsFromCache: cached.filter((step) => step !== undefined).length } };
  } finally {
    for (const image of [...open]) await done(image);
  }
}

/** Opens every image in turn (metadata only), adding each to `open` so that the caller closes it. */
async function openEach(refs: string[], setup: CompareSetup, run: CompareRun, open: Set<Image>): Promise<Image[]> {
  const images: Image[] = [];
  for (const ref of refs) {
    const image = await openForCommand(ref, run.cmd, run.ctx, run.signal, {
      platform: setup.platform,
      pull: setup.pull,
    });
    open.add(image);
    images.push(image);
  }
  return images;
}

/** A step from the cache, or computed from both images' scans and stored. */
async function stepReport(
  a: Side,
  b: Side,
  cached: CachedStep | undefined,
  key: StepKey,
  run: CompareRun,
  opts: { top: number },
): Promise<CompareReport> {
  if (cached) return reportWithContent(a.side, b.side, cached.content);
  if (!a.scans || !b.scans || !a.packages || !b.packages)
    throw new Error('a step to compute has an image without scans');
  const report = buildCompareReport(
    { side: a.side, scans: a.scans, packages: a.packages },
    { side: b.side, scans: b.scans, packages: b.packages },
    opts,
  );
  await run.steps?.put(key, {
    a: a.scans.map(layerTotals),
    b: b.scans.map(layerTotals),
    content: { files: report.files, churn: report.churn, packages: report.packages },
  });
  return report;
}

/**
 * A step's key: everything its content depends on — A's and B's diffIDs in order (the scans
 * are pure functions of them), B's layer commands (churn names them and reads install
 * commands), --top and the churn thresholds.
 */
function stepKeyOf(a: Image, b: Image, opts: CompareOptions): StepKey {
  const material = {
    a: a.layers.map((l) => l.diffID),
    b: b.layers.map((l) => l.diffID),
    commandsB: layerCreatedBy(b),
    top: opts.top,
    churn: { ...CHURN_DEFAULTS, ...opts.churn },
  };
  return stepKey(material, a.layers.length, b.layers.length);
}

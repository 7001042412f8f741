/**
 * Opening and scanning an image the way every command does: registry options, platform,
 * pull progress and scan progress on stderr (TTY only), one ScanSession shared by the run.
 */
import type { Command } from 'commander';
import { buildLayerReport, type LayerReport } from '../../analysis/report/layer-report.js';
import type { MergedFs } from '../../analysis/fs/merge.js';
import { InOrderMerge } from '../../analysis/fs/merge-in-order.js';
import { createProgressLine, createPullProgressLine } from '../../render/common/progress.js';
import type { LayerScan } from '../../scan/layer-scan.js';
import type { ScanSession } from '../../scan/scan-image.js';
import type { Image, Platform } from '../../source/model.js';
import { openImage } from '../../source/open-image.js';
import type { CliContext } from './context.js';
import { requestDeadlines } from '../flags/deadline-options.js';
import { registryOptions } from '../flags/registry-options.js';

export interface Scanned {
  /** The image as the scan describes it (ScanSession.describe), not the source's value. */
  image: Image;
  scans: LayerScan[];
  report: LayerReport;
  /** The merged file system, when asked for (built while the layers are read). */
  fs?: MergedFs;
}

export interface OpenScanOptions {
  platform?: Platform;
  pull?: boolean;
  hashContent?: boolean;
  /** Also merge the layers (OCI union rules) as their scans come in. */
  merge?: boolean;
}

export interface ScanRunOptions {
  hashContent?: boolean;
  /** Each layer's scan as it is ready (0-based index, completion order). */
  onLayer?: (index: number, scan: LayerScan) => void;
}

/** Resolves a reference with the run's registry options and platform, pulling first with --pull. */
export async function openForCommand(
  ref: string,
  cmd: Command,
  ctx: CliContext,
  signal: AbortSignal,
  opts: OpenScanOptions = {},
): Promise<Image> {
  const pulling = createPullProgressLine(ctx.stderr);
  const globals = cmd.optsWithGlobals();
  return openImage(ref, {
    platform: opts.platform,
    registry: registryOptions(globals, ctx.env),
    deadlines: requestDeadlines(globals),
    pull: opts.pull,
    signal,
    onPullProgress: (p) => pulling.update(p),
  }).finally(() => pulling.done());
}

/**
 * Scans every layer with a progress line on stderr; returns the scans with the image as the
 * scan describes it (blob facts, an export's config), a new value beside the source's.
 */
export async function scanWithProgress(
  image: Image,
  ctx: CliContext,
  session: ScanSession,
  signal: AbortSignal,
  opts: ScanRunOptions = {},
): Promise<{ image: Image; scans: LayerScan[] }> {
  const progress = createProgressLine(ctx.stderr);
  const scans = await session
    .scanImage(image, {
      signal,
      hashContent: opts.hashContent,
      onLayer: opts.onLayer,
      onProgress: (p) => progress.update(p),
    })
    .finally(() => progress.done());
  return { image: await session.describe(image, signal), scans };
}

/** Scans every layer and merges them as they come in, so merging overlaps reading. */
export async function scanAndMerge(
  image: Image,
  ctx: CliContext,
  session: ScanSession,
  signal: AbortSignal,
  opts: { hashContent?: boolean } = {},
): Promise<{ image: Image; scans: LayerScan[]; fs: MergedFs }> {
  const merge = new InOrderMerge(image.layers.map((l) => l.blobSize));
  const scanned = await scanWithProgress(image, ctx, session, signal, {
    hashContent: opts.hashContent,
    onLayer: (i, scan) => merge.add(i, scan),
  });
  return { ...scanned, fs: merge.result() };
}

export async function openAndScan(
  ref: string,
  cmd: Command,
  ctx: CliContext,
  session: ScanSession,
  signal: AbortSignal,
  opts: OpenScanOptions = {},
): Promise<Scanned> {
  const opened = await openForCommand(ref, cmd, ctx, signal, opts);
  try {
    const scanned: Omit<Scanned, 'report'> = opts.merge
      ? await scanAndMerge(opened, ctx, session, signal, opts)
      : await scanWithProgress(opened, ctx, session, signal, opts);
    return { ...scanned, report: buildLayerReport(scanned.image, scanned.scans) };
  } finally {
    await opened.close();
  }
}

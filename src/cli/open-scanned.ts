/**
 * Opening and scanning an image the way every command does: registry options, platform,
 * pull progress and scan progress on stderr (TTY only), one ScanSession shared by the run.
 */
import type { Command } from 'commander';
import { buildLayerReport, type LayerReport } from '../analysis/layer-report.js';
import { createProgressLine } from '../render/progress.js';
import { createPullProgressLine } from '../render/pull-progress.js';
import type { LayerScan } from '../scan/layer-scan.js';
import type { ScanSession } from '../scan/scan-image.js';
import type { Image, Platform } from '../source/model.js';
import { openImage } from '../source/open-image.js';
import type { CliContext } from './context.js';
import { registryOptions } from './registry-options.js';

export interface Scanned {
  image: Image;
  scans: LayerScan[];
  report: LayerReport;
}

export interface OpenScanOptions {
  platform?: Platform;
  pull?: boolean;
  hashContent?: boolean;
}

export async function openAndScan(
  ref: string,
  cmd: Command,
  ctx: CliContext,
  session: ScanSession,
  signal: AbortSignal,
  opts: OpenScanOptions = {},
): Promise<Scanned> {
  const pulling = createPullProgressLine(ctx.stderr);
  const image = await openImage(ref, {
    platform: opts.platform,
    registry: registryOptions(cmd.optsWithGlobals(), ctx.env),
    pull: opts.pull,
    signal,
    onPullProgress: (p) => pulling.update(p),
  }).finally(() => pulling.done());
  try {
    const progress = createProgressLine(ctx.stderr);
    const scans = await session
      .scanImage(image, { signal, hashContent: opts.hashContent, onProgress: (p) => progress.update(p) })
      .finally(() => progress.done());
    return { image, scans, report: buildLayerReport(image, scans) };
  } finally {
    await image.close();
  }
}

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

/** Resolves a reference with the run's registry options and platform, pulling first with --pull. */
export async function openForCommand(ref: string, cmd: Command, ctx: CliContext, signal: AbortSignal, opts: OpenScanOptions = {}): Promise<Image> {
  const pulling = createPullProgressLine(ctx.stderr);
  return openImage(ref, {
    platform: opts.platform,
    registry: registryOptions(cmd.optsWithGlobals(), ctx.env),
    pull: opts.pull,
    signal,
    onPullProgress: (p) => pulling.update(p),
  }).finally(() => pulling.done());
}

/** Scans every layer with a progress line on stderr. */
export function scanWithProgress(image: Image, ctx: CliContext, session: ScanSession, signal: AbortSignal, hashContent = false): Promise<LayerScan[]> {
  const progress = createProgressLine(ctx.stderr);
  return session.scanImage(image, { signal, hashContent, onProgress: (p) => progress.update(p) }).finally(() => progress.done());
}

export async function openAndScan(
  ref: string,
  cmd: Command,
  ctx: CliContext,
  session: ScanSession,
  signal: AbortSignal,
  opts: OpenScanOptions = {},
): Promise<Scanned> {
  const image = await openForCommand(ref, cmd, ctx, signal, opts);
  try {
    const scans = await scanWithProgress(image, ctx, session, signal, opts.hashContent);
    return { image, scans, report: buildLayerReport(image, scans) };
  } finally {
    await image.close();
  }
}

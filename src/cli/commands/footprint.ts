/** `layerscope footprint REF…`: the disk bytes and inodes images take on a host, deduplicated by chain ID. */
import type { Command } from 'commander';
import { buildFootprintReport } from '../../analysis/footprint/footprint-report.js';
import { footprintImage, type FootprintImage } from '../../analysis/footprint/footprint-store.js';
import { renderFootprintMarkdown } from '../../render/footprint/footprint-markdown.js';
import { renderFootprintText } from '../../render/footprint/footprint-text.js';
import { renderJson } from '../../render/common/json.js';
import { parsePlatform } from '../../source/oci/platform.js';
import type { Platform } from '../../source/model.js';
import { createContext, type CliContext } from '../run/context.js';
import { parseFootprintFlags, resolveHost, type FootprintFlagValues } from '../flags/footprint-flags.js';
import { describe, helpFooter, REFERENCE_HELP, WIDE_OPTION } from '../flags/help-text.js';
import { addJsonOption, jsonTarget, unwritable, writeOutputFile } from '../flags/json-output.js';
import { openForCommand, scanWithProgress } from '../run/open-scanned.js';
import { Problems } from '../flags/problems.js';
import { createScanSession } from '../run/scan-session.js';
import type { ScanSession } from '../../scan/scan-image.js';

interface FootprintOptions extends FootprintFlagValues {
  markdown?: boolean;
  platform?: string;
  loaded?: boolean;
}

export const FOOTPRINT_HELP = `
Store models (formulas in README.md, "Host footprint"):
  overlay2    unpacked layer trees (files rounded up to blocks, directory blocks, long symlinks,
              whiteouts as 0/0 character devices) + per-layer bookkeeping: overlay2/<id>/ (link,
              lower, work/, committed), overlay2/l/ symlink, layerdb/<chain ID>/ (cache-id, diff,
              size, parent, tar-split.json.gz) + one config per image
  containerd  compressed blobs in the content store (once per digest) + unpacked snapshots
              (fs/, work/) + config and manifest per image
Layers are stored once per chain ID: the same layer on another parent is stored again.
Put --host after the images (or write --host=PATH): a word after --host is taken as its path.
${helpFooter([
  'layerscope footprint app-1.0.tar app-1.1.tar app-1.2.tar --keep 2',
  "layerscope footprint docker:app:1.1 docker:app:1.2 --host            (free space of the engine's data root)",
  'layerscope footprint app.tar --store containerd --markdown',
])}`;

export function registerFootprint(program: Command, signal: AbortSignal): void {
  const command = program
    .command('footprint')
    .summary(
      'disk bytes and inodes images take on a host (overlay2 or containerd store), rolling deploys, what still fits',
    )
    .description(
      describe(
        'model the disk bytes and inodes images take on a Docker host',
        'Estimate what the images take on a Docker host — disk bytes and inodes, deduplicated by chain ID — per image (shared / unique), per layer, through a rolling deploy of the images in order, and how many more releases fit on the host.',
      ),
    )
    .argument('<ref...>', 'the images, oldest release first (see "References" below)')
    .option('--keep <n>', 'rolling deploy: the host keeps the last N images (default: all)')
    .option(
      '--store <kind>',
      "overlay2 (classic dockerd; the default) or containerd (Docker 29's default image store); with a bare --host: the engine's own",
    )
    .option('--block-size <bytes>', "file system block size (default: 4096, or the host's with --host)")
    .option(
      '--host [path]',
      "read free bytes and inodes of the file system holding PATH (default: the engine's data root) and say how many more releases fit",
    )
    .option('--loaded', 'images arrive by docker load, not by pull (no registry bookkeeping in distribution/)');
  addJsonOption(command, 'the tables')
    .option('--markdown', 'print markdown tables (for CI comments) instead of terminal tables')
    .option('--platform <os/arch[/variant]>', 'the platform to pick from multi-platform indexes (default: this host)')
    .option(...WIDE_OPTION)
    .addHelpText('after', `${FOOTPRINT_HELP}\n${REFERENCE_HELP}`)
    .action(async (refs: string[], opts: FootprintOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals();
      const ctx = createContext(globals);
      const problems = new Problems();
      const flags = problems.check(() => parseFootprintFlags(opts))!;
      const platform = opts.platform ? problems.check(() => parsePlatform(opts.platform!)) : undefined;
      const json = problems.check(() => jsonTarget(opts.json)) ?? { stdout: false };
      if (json.file) problems.add(unwritable('json', json.file));
      problems.throwIfAny();
      const host = flags.host ? await resolveHost(flags.host, ctx.env) : undefined;
      const blockSize = flags.blockSize ?? host?.capacity.blockSize ?? 4096;
      const store = flags.store ?? host?.store ?? 'overlay2';
      if (host?.warning) ctx.stderr.write(`layerscope: note: ${host.warning}\n`);
      const session = createScanSession(globals, ctx.env);
      const images = await loadImages(refs, { cmd, ctx, session, signal, platform, blockSize });
      const report = buildFootprintReport(images, {
        store,
        blockSize,
        pulled: !opts.loaded,
        keep: flags.keep,
        host: host?.capacity,
      });
      if (json.file) writeOutputFile('json', json.file, renderJson('footprint', { ...report, scan: session.stats }));
      if (json.stdout) ctx.stdout.write(renderJson('footprint', { ...report, scan: session.stats }));
      else if (opts.markdown) ctx.stdout.write(renderFootprintMarkdown(report));
      else ctx.stdout.write(renderFootprintText(report, ctx.style, ctx.width));
    });
}

/** Opens and scans the images one at a time (layers shared between them are read once). */
async function loadImages(
  refs: string[],
  run: {
    cmd: Command;
    ctx: CliContext;
    session: ScanSession;
    signal: AbortSignal;
    platform?: Platform;
    blockSize: number;
  },
): Promise<FootprintImage[]> {
  const out: FootprintImage[] = [];
  for (const ref of refs) {
    const image = await openForCommand(ref, run.cmd, run.ctx, run.signal, { platform: run.platform });
    try {
      const scanned = await scanWithProgress(image, run.ctx, run.session, run.signal);
      out.push(footprintImage(scanned.image, scanned.scans, run.blockSize));
    } finally {
      await image.close();
    }
  }
  return out;
}

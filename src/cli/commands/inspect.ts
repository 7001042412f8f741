/** `layerscope inspect REF`: the per-layer table (or JSON) of one image. */
import type { Command } from 'commander';
import { buildLayerReport, layerCreatedBy } from '../../analysis/report/layer-report.js';
import { renderInspectText } from '../../render/inspect/inspect-text.js';
import { pathHistoryOf } from '../../analysis/fs/path-history.js';
import { renderJson } from '../../render/common/json.js';
import { renderPathHistoryText } from '../../render/inspect/path-history-text.js';
import { parsePlatform } from '../../source/oci/platform.js';
import { createContext } from '../run/context.js';
import { addJsonOption, jsonTarget, unwritable, writeOutputFile } from '../flags/json-output.js';
import { parsePathFlag } from '../flags/path-flag.js';
import { Problems } from '../flags/problems.js';
import { createScanSession } from '../run/scan-session.js';
import { describe, helpFooter, REFERENCE_HELP, WIDE_OPTION } from '../flags/help-text.js';
import { openForCommand, scanAndMerge } from '../run/open-scanned.js';
import {
  addAnalysisOptions,
  checkLayerRange,
  parseAnalysisFlags,
  renderAnalysisSections,
  runAnalysis,
  type AnalysisFlagValues,
} from '../run/inspect-analysis.js';

interface InspectOptions extends AnalysisFlagValues {
  json?: string | boolean;
  platform?: string;
  quick?: boolean;
  pull?: boolean;
  path?: string;
}

export function registerInspect(program: Command, signal: AbortSignal): void {
  const command = program
    .command('inspect')
    .summary('per-layer sizes, file counts and inodes of one image')
    .description(
      describe(
        'per-layer sizes, file counts and inodes of one image',
        'Print, for each layer: size, compressed size, files, directories, symlinks, hardlinks, whiteouts, inodes and the command that created it; then totals and an image summary; then efficiency and wasted bytes (as dive counts them), reclaimable waste and the layers to blame, inode cost, and hints about known heavy places (node_modules, apt lists, caches, .git, …). --files and --tree show the largest files and the directory tree instead.',
      ),
    )
    .argument('<ref>', 'the image (see "References" below)');
  addJsonOption(command)
    .option('--platform <os/arch[/variant]>', 'the platform to pick from a multi-platform index (default: this host)')
    .option('--quick', 'metadata only: sizes and history without reading any layer (files and inodes: "not scanned")')
    .option(
      '--path <path>',
      'the history of one path: every layer that added, modified, changed the mode or owner of, removed or hid it, with its command (content is hashed)',
    )
    .option('--pull', 'engine images (docker:NAME): pull the image first; without it a missing image is an error')
    .option(...WIDE_OPTION);
  addAnalysisOptions(command)
    .addHelpText(
      'after',
      `${helpFooter([
        'layerscope inspect app-1.2.tar',
        'layerscope inspect docker:app:1.2 --json=inspect.json   (JSON to the file, the table on stdout)',
        'layerscope inspect oci:app-oci:1.2 --tree --depth 2',
        'layerscope inspect app-1.2.tar --path /app/package.json',
        'layerscope inspect registry:ghcr.io/acme/app:1.2 --quick',
      ])}\n${REFERENCE_HELP}`,
    )
    .action(async (ref: string, opts: InspectOptions, cmd: Command) => {
      const ctx = createContext(cmd.optsWithGlobals());
      const problems = new Problems();
      const platform = opts.platform ? problems.check(() => parsePlatform(opts.platform!)) : undefined;
      const flags = problems.check(() => parseAnalysisFlags(opts))!;
      const path = opts.path === undefined ? undefined : problems.check(() => parsePathFlag(opts.path!, opts.quick));
      const json = problems.check(() => jsonTarget(opts.json)) ?? { stdout: false };
      if (json.file) problems.add(unwritable('json', json.file));
      problems.throwIfAny();
      const image = await openForCommand(ref, cmd, ctx, signal, { platform, pull: opts.pull });
      try {
        checkLayerRange(flags, ref, image.layers.length);
        const session = createScanSession(cmd.optsWithGlobals(), ctx.env);
        const scanned = opts.quick
          ? null
          : await scanAndMerge(image, ctx, session, signal, { hashContent: path !== undefined });
        const report = buildLayerReport(scanned?.image ?? image, scanned?.scans ?? null);
        const createdBy = layerCreatedBy(scanned?.image ?? image);
        const analysis = scanned ? runAnalysis(scanned.fs, createdBy, flags) : null;
        const history = scanned && path ? { pathHistory: pathHistoryOf(scanned.fs, path, createdBy) } : {};
        const doc = () => renderJson('inspect', { ...report, scan: session.stats, analysis, ...history });
        if (json.file) writeOutputFile('json', json.file, doc());
        if (json.stdout) ctx.stdout.write(doc());
        else if (history.pathHistory)
          ctx.stdout.write(renderPathHistoryText(history.pathHistory, ctx.style, ctx.width));
        else if (analysis && (flags.files || flags.tree))
          ctx.stdout.write(renderAnalysisSections(analysis, createdBy, ctx.style, ctx.width));
        else
          ctx.stdout.write(
            renderInspectText(report, ctx.style, ctx.width) +
              (analysis ? `\n${renderAnalysisSections(analysis, createdBy, ctx.style, ctx.width)}` : ''),
          );
      } finally {
        await image.close();
      }
    });
}

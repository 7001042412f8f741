/** `layerscope packages REF`: which package costs the bytes and the inodes of one image, in which layer. */
import type { Command } from 'commander';
import { findPackages } from '../../analysis/packages/find-packages.js';
import type { Ecosystem, PackageReport } from '../../analysis/packages/package-model.js';
import { buildLayerReport } from '../../analysis/report/layer-report.js';
import { usageError } from '../../errors.js';
import { renderJson } from '../../render/common/json.js';
import { renderPackagesMarkdown } from '../../render/packages/packages-markdown.js';
import { renderPackagesText } from '../../render/packages/packages-text.js';
import { parsePlatform } from '../../source/oci/platform.js';
import { addJsonOption, jsonTarget, unwritable, writeOutputFile } from '../flags/json-output.js';
import { describe, helpFooter, REFERENCE_HELP, WIDE_OPTION } from '../flags/help-text.js';
import { Problems } from '../flags/problems.js';
import { openForCommand, scanAndMerge } from '../run/open-scanned.js';
import { createContext } from '../run/context.js';
import { createScanSession } from '../run/scan-session.js';

interface PackagesOptions {
  json?: string | boolean;
  markdown?: boolean;
  top: string;
  ecosystem?: string;
  platform?: string;
  pull?: boolean;
}

const EXAMPLES = [
  'layerscope packages app-1.2.tar',
  'layerscope packages docker:app:1.2 --ecosystem npm --top 10',
  'layerscope packages oci:app-oci:1.2 --json=packages.json',
];

const ECOSYSTEM_FLAG: Record<string, Ecosystem> = { npm: 'npm', deb: 'deb', dpkg: 'deb', apk: 'apk', python: 'python' };

export function registerPackages(program: Command, signal: AbortSignal): void {
  const command = program
    .command('packages')
    .summary('bytes, files and inodes per package (npm, dpkg, apk, Python), and the layers that added them')
    .description(
      describe(
        'bytes, files and inodes per package (npm, dpkg, apk, Python), and the layers that added them',
        'Lists every package instance in the final file system — npm packages in every node_modules (pnpm and yarn layouts too), dpkg and apk packages from their databases, Python packages from their .dist-info and .egg-info records — with the regular-file bytes, files and inodes of its own entries, the layer that added it and the layers that changed it. Then totals per ecosystem, what no package claims, and packages shipped more than once. Read from the scan the other commands make: no extraction, no second pass.',
      ),
    )
    .argument('<ref>', 'the image (see "References" below)');
  addJsonOption(command)
    .option('--markdown', 'print markdown tables (for CI comments) instead of terminal tables')
    .option('--top <n>', 'packages listed in the table, largest first (--json lists all)', '30')
    .option('--ecosystem <list>', 'only these ecosystems, comma-separated: npm, deb (or dpkg), apk, python')
    .option('--platform <os/arch[/variant]>', 'the platform to pick from a multi-platform index (default: this host)')
    .option('--pull', 'engine images (docker:NAME): pull the image first; without it a missing image is an error')
    .option(...WIDE_OPTION)
    .addHelpText('after', `${helpFooter(EXAMPLES)}\n${REFERENCE_HELP}`)
    .action(async (ref: string, opts: PackagesOptions, cmd: Command) => {
      const ctx = createContext(cmd.optsWithGlobals());
      const problems = new Problems();
      const platform = opts.platform ? problems.check(() => parsePlatform(opts.platform!)) : undefined;
      const top = problems.check(() => parseTop(opts.top));
      const only = opts.ecosystem === undefined ? undefined : problems.check(() => parseEcosystems(opts.ecosystem!));
      const json = problems.check(() => jsonTarget(opts.json)) ?? { stdout: false };
      if (json.file) problems.add(unwritable('json', json.file));
      problems.throwIfAny();
      const image = await openForCommand(ref, cmd, ctx, signal, { platform, pull: opts.pull });
      try {
        const session = createScanSession(cmd.optsWithGlobals(), ctx.env);
        const scanned = await scanAndMerge(image, ctx, session, signal);
        const report = only ? onlyEcosystems(findPackages(scanned.fs), only) : findPackages(scanned.fs);
        const summary = buildLayerReport(scanned.image, scanned.scans).image;
        const doc = () => renderJson('packages', { image: summary, ...report, scan: session.stats });
        if (json.file) writeOutputFile('json', json.file, doc());
        if (json.stdout) ctx.stdout.write(doc());
        else if (opts.markdown) ctx.stdout.write(renderPackagesMarkdown(report, top!));
        else ctx.stdout.write(renderPackagesText(report, ctx.style, ctx.width, top!));
      } finally {
        await image.close();
      }
    });
}

function parseTop(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw usageError(`--top: "${text}" is not a whole number`, 'e.g. --top 50');
  return n;
}

function parseEcosystems(text: string): Set<Ecosystem> {
  const names = text.split(',').map((s) => s.trim().toLowerCase());
  const bad = names.filter((n) => !ECOSYSTEM_FLAG[n]);
  if (bad.length > 0 || names.length === 0)
    throw usageError(
      `--ecosystem: "${bad[0] ?? text}" is not an ecosystem`,
      `use ${Object.keys(ECOSYSTEM_FLAG).join(', ')}`,
    );
  return new Set(names.map((n) => ECOSYSTEM_FLAG[n]));
}

/** The report for some ecosystems only: their packages, totals and duplicates (what no package claims stays). */
function onlyEcosystems(report: PackageReport, only: Set<Ecosystem>): PackageReport {
  return {
    ...report,
    packages: report.packages.filter((p) => only.has(p.ecosystem)),
    totals: report.totals.filter((t) => only.has(t.ecosystem)),
    duplicates: report.duplicates.filter((d) => only.has(d.ecosystem)),
  };
}

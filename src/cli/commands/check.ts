/** `layerscope check REF`: budgets for CI, every output from one run. */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { wasteAnalysis } from '../../analysis/image-analysis.js';
import { layerCreatedBy } from '../../analysis/layer-report.js';
import { evaluateBudget, summarize } from '../../budget/evaluate.js';
import { budgetFacts } from '../../budget/facts-from-analysis.js';
import { growthFacts } from '../../budget/growth.js';
import { describeCause, LayerscopeError } from '../../errors.js';
import { renderAnnotations } from '../../render/check-annotations.js';
import { renderCheckJunit } from '../../render/check-junit.js';
import { renderCheckMarkdown } from '../../render/check-markdown.js';
import { renderCheckText } from '../../render/check-text.js';
import { renderJson } from '../../render/json.js';
import { parseReference } from '../../source/reference.js';
import { parsePlatform } from '../../source/platform.js';
import { createContext } from '../context.js';
import { REFERENCE_HELP } from '../help-text.js';
import { loadBudgetConfig } from '../load-budget-config.js';
import { openAndScan } from '../open-scanned.js';
import type { RunStatus } from '../run-status.js';
import { createScanSession } from '../scan-session.js';

interface CheckOptions {
  config?: string;
  baseline?: string;
  json?: string;
  markdown?: string;
  junit?: string;
  warnOnly?: boolean;
  platform?: string;
}

const HELP = `
Config (.layerscope.yml, .yaml or .json in the working directory, or --config; a dive
.dive-ci is read when none exists). Every rule is optional; a value is a limit, "disabled",
or { warn: X, fail: Y }. Sizes: 250MB, 1.5GiB; percentages: 10% (or 0.1); counts: 40000.
  image:   maxSize, maxCompressedSize, maxLayers, maxInodes
  layer:   maxSize, maxInodes
  paths:   - { glob: /app/node_modules/**, maxSize: 150MB, maxInodes: 40000 }
  forbiddenPaths: [ "**/.git", /root/.npm ]
  waste:   minEfficiency, maxWastedBytes, maxUserWastedPercent (dive's numbers), maxReclaimableBytes
  growth:  maxGrowth, maxGrowthPercent, maxPullBytes, maxNewInodes, minLayerReuse (need --baseline)
maxPullBytes counts blob sizes; a layer the source stores as a plain tar (docker save, the
engine) counts as docker push would send it, gzip -6 of the tar sampled while scanning (±20%,
within 5% measured). Such a row shows "≈" before the value and says it judged an estimate
(JSON: estimated: true).

Exit codes: 0 every budget passed (warnings allowed), 1 a budget failed, 2 usage, config or
input error. With GITHUB_ACTIONS=true, ::error/::warning annotations are printed and the
markdown report is appended to $GITHUB_STEP_SUMMARY.`;

export function registerCheck(program: Command, signal: AbortSignal, status: RunStatus): void {
  program
    .command('check')
    .summary('check an image against size, inode, waste and growth budgets (for CI)')
    .argument('<ref>', 'the image (see "References" below)')
    .option('--config <file>', 'the budget config (default: .layerscope.yml, or .dive-ci)')
    .option('--baseline <ref>', 'an earlier image to check growth against (e.g. the last release)')
    .option('--json <file>', 'also write the results as JSON (schemaVersion 1)')
    .option('--markdown <file>', 'also write the results as markdown')
    .option('--junit <file>', 'also write the results as JUnit XML')
    .option('--warn-only', 'report failures, but exit 0')
    .option('--platform <os/arch[/variant]>', 'the platform to pick from a multi-platform index')
    .addHelpText('after', `${HELP}\n${REFERENCE_HELP}`)
    .action(async (ref: string, opts: CheckOptions, cmd: Command) => {
      const ctx = createContext(cmd.optsWithGlobals());
      const config = loadBudgetConfig(opts.config, process.cwd());
      const platform = opts.platform ? parsePlatform(opts.platform) : undefined;
      for (const r of [ref, opts.baseline]) if (r !== undefined) parseReference(r, existsSync);
      const session = createScanSession(cmd.optsWithGlobals(), ctx.env);
      const target = await openAndScan(ref, cmd, ctx, session, signal, { platform, merge: true });
      const fs = target.fs!;
      const analysis = wasteAnalysis(fs, { createdBy: layerCreatedBy(target.image) });
      const baseline = opts.baseline ? await openAndScan(opts.baseline, cmd, ctx, session, signal, { platform }) : null;
      const growth = baseline ? growthFacts(baseline, target) : null;
      const results = evaluateBudget(config, budgetFacts(target.report, analysis, fs, growth));
      const summary = summarize(results);
      const reference = target.report.image.reference;
      ctx.stdout.write(renderCheckText(reference, results, summary, ctx.style, ctx.width));
      const markdown = renderCheckMarkdown(reference, results, summary);
      writeOutputs(opts, {
        json: () => renderJson('check', { image: target.report.image, baseline: baseline?.report.image ?? null, config: config.file, configFormat: config.format, summary, results, scan: session.stats }),
        markdown: () => markdown,
        junit: () => renderCheckJunit(reference, results, summary),
      });
      if (ctx.env.GITHUB_ACTIONS === 'true') {
        ctx.stdout.write(renderAnnotations(results, config.file));
        if (ctx.env.GITHUB_STEP_SUMMARY) appendOutput(ctx.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
      }
      if (summary.status === 'fail' && !opts.warnOnly) status.exitCode = 1;
    });
}

function writeOutputs(opts: CheckOptions, render: Record<'json' | 'markdown' | 'junit', () => string>): void {
  for (const kind of ['json', 'markdown', 'junit'] as const) {
    const file = opts[kind];
    if (!file) continue;
    try {
      writeFileSync(file, render[kind]());
    } catch (err) {
      throw new LayerscopeError('usage', `--${kind} ${file}: ${describeCause(err)}`);
    }
  }
}

function appendOutput(file: string, text: string): void {
  try {
    appendFileSync(file, text);
  } catch (err) {
    throw new LayerscopeError('usage', `GITHUB_STEP_SUMMARY ${file}: ${describeCause(err)}`);
  }
}

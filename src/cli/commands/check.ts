/** `layerscope check REF`: budgets for CI, every output from one run. */
import { appendFileSync, existsSync } from 'node:fs';
import type { Command } from 'commander';
import { wasteAnalysis } from '../../analysis/report/image-analysis.js';
import { layerCreatedBy } from '../../analysis/report/layer-report.js';
import { evaluateBudget, summarize } from '../../analysis/budget/evaluate.js';
import { budgetFacts } from '../run/budget-facts.js';
import { growthFacts } from '../../analysis/budget/growth.js';
import { describeCause, LayerscopeError } from '../../errors.js';
import { renderAnnotations } from '../../render/check/check-annotations.js';
import { renderCheckJunit } from '../../render/check/check-junit.js';
import { renderCheckMarkdown } from '../../render/check/check-markdown.js';
import { renderCheckText } from '../../render/check/check-text.js';
import { renderJson } from '../../render/common/json.js';
import { parseReference } from '../../source/reference.js';
import { parsePlatform } from '../../source/oci/platform.js';
import type { Platform } from '../../source/model.js';
import { needsPackages, type BudgetConfig } from '../../analysis/budget/config/config.js';
import { findPackages } from '../../analysis/packages/find-packages.js';
import { createContext } from '../run/context.js';
import { describe, helpFooter, REFERENCE_HELP, WIDE_OPTION } from '../flags/help-text.js';
import { addJsonOption, jsonTarget, unwritable, writeOutputFile, type JsonTarget } from '../flags/json-output.js';
import { loadBudgetConfig } from '../flags/load-budget-config.js';
import { Problems } from '../flags/problems.js';
import { openAndScan } from '../run/open-scanned.js';
import type { RunStatus } from '../run/run-status.js';
import { createScanSession } from '../run/scan-session.js';

interface CheckOptions {
  config?: string;
  baseline?: string;
  json?: string | boolean;
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
  packages: maxDuplicates, devShipped (fail | warn | a count), forbid: [ left-pad, "@types/*" ],
           maxSize: - { glob: typescript, maxSize: 50MB, maxInodes: 2000 }   (names as \`packages\` shows them)
maxPullBytes counts blob sizes; a layer the source stores as a plain tar (docker save, the
engine) counts as docker push would send it, gzip -6 of the tar sampled while scanning (±20%,
within 5% measured). Such a row shows "≈" before the value and says it judged an estimate
(JSON: estimated: true).

Config problems (file:line:column) and bad options are all reported at once, before any image
is read; so is an output file that cannot be written. With GITHUB_ACTIONS=true, ::error/::warning
annotations are printed and the markdown report is appended to $GITHUB_STEP_SUMMARY.
${helpFooter(
  [
    'layerscope check app-1.2.tar',
    'layerscope check docker:app:1.2 --baseline docker:app:1.1 --junit=report.xml --markdown=report.md',
    'layerscope check oci:app-oci:1.2 --config budgets.yml --json=check.json',
  ],
  'Exit codes: 0 every budget passed (warnings allowed; also --warn-only), 1 a budget failed, 2 usage,\nconfig or input error, 130 interrupted (Ctrl-C).',
)}`;

export function registerCheck(program: Command, signal: AbortSignal, status: RunStatus): void {
  const command = program
    .command('check')
    .summary('check an image against size, inode, waste and growth budgets (for CI)')
    .description(
      describe(
        'check an image against size, inode, waste and growth budgets (for CI)',
        'Measure the image once and judge every rule of the budget config: PASS, WARN, FAIL or SKIP, with the actual value, the limit (in the unit it was written in) and the culprit.',
      ),
    )
    .argument('<ref>', 'the image (see "References" below)')
    .option('--config <file>', 'the budget config (default: .layerscope.yml, or .dive-ci)')
    .option('--baseline <ref>', 'an earlier image to check growth against (e.g. the last release)');
  addJsonOption(command)
    .option('--markdown <file>', 'also write the results as markdown')
    .option('--junit <file>', 'also write the results as JUnit XML')
    .option('--warn-only', 'report failures, but exit 0')
    .option('--platform <os/arch[/variant]>', 'the platform to pick from a multi-platform index')
    .option(...WIDE_OPTION)
    .addHelpText('after', `${HELP}\n${REFERENCE_HELP}`)
    .action(async (ref: string, opts: CheckOptions, cmd: Command) => {
      const ctx = createContext(cmd.optsWithGlobals());
      const { config, platform, json } = checkSetup(ref, opts);
      const session = createScanSession(cmd.optsWithGlobals(), ctx.env);
      const target = await openAndScan(ref, cmd, ctx, session, signal, { platform, merge: true });
      const fs = target.fs!;
      const analysis = wasteAnalysis(fs, { createdBy: layerCreatedBy(target.image) });
      const baseline = opts.baseline ? await openAndScan(opts.baseline, cmd, ctx, session, signal, { platform }) : null;
      const growth = baseline ? growthFacts(baseline, target) : null;
      const packages = needsPackages(config) ? findPackages(fs) : null;
      const results = evaluateBudget(config, budgetFacts(target.report, analysis, fs, growth, packages));
      const summary = summarize(results);
      const reference = target.report.image.reference;
      const jsonText = () =>
        renderJson('check', {
          image: target.report.image,
          baseline: baseline?.report.image ?? null,
          config: config.file,
          configFormat: config.format,
          summary,
          results,
          scan: session.stats,
        });
      ctx.stdout.write(json.stdout ? jsonText() : renderCheckText(reference, results, summary, ctx.style, ctx.width));
      const markdown = renderCheckMarkdown(reference, results, summary);
      if (json.file) writeOutputFile('json', json.file, jsonText());
      if (opts.markdown) writeOutputFile('markdown', opts.markdown, markdown);
      if (opts.junit) writeOutputFile('junit', opts.junit, renderCheckJunit(reference, results, summary));
      if (ctx.env.GITHUB_ACTIONS === 'true') {
        // With the JSON document on stdout, the annotations go to stderr (the runner reads both).
        (json.stdout ? ctx.stderr : ctx.stdout).write(renderAnnotations(results, config.file));
        if (ctx.env.GITHUB_STEP_SUMMARY) appendOutput(ctx.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
      }
      if (summary.status === 'fail' && !opts.warnOnly) status.exitCode = 1;
    });
}

/** The config, the options, the references and the output files, all checked before any image is read. */
function checkSetup(ref: string, opts: CheckOptions): { config: BudgetConfig; platform?: Platform; json: JsonTarget } {
  const problems = new Problems();
  const config = problems.check(() => loadBudgetConfig(opts.config, process.cwd()));
  const platform = opts.platform ? problems.check(() => parsePlatform(opts.platform!)) : undefined;
  for (const r of [ref, opts.baseline]) if (r !== undefined) problems.check(() => parseReference(r, existsSync));
  const json = problems.check(() => jsonTarget(opts.json)) ?? { stdout: false };
  const files: Array<[string, string | undefined]> = [
    ['json', json.file],
    ['markdown', opts.markdown],
    ['junit', opts.junit],
  ];
  for (const [flag, file] of files) if (file) problems.add(unwritable(flag, file));
  problems.throwIfAny();
  return { config: config!, platform, json };
}

function appendOutput(file: string, text: string): void {
  try {
    appendFileSync(file, text);
  } catch (err) {
    throw new LayerscopeError('usage', `GITHUB_STEP_SUMMARY ${file}: ${describeCause(err)}`);
  }
}

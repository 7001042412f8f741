/** `layerscope series REF1 … REFn`: each version compared with the one before, totals and trend. */
import type { Command } from 'commander';
import { buildSeriesReport } from '../../analysis/compare/series-report.js';
import { createStepCache } from '../steps/step-cache.js';
import { usageError } from '../../errors.js';
import {
  addCompareOptions,
  parseCompareSetup,
  writeCompareOutput,
  type CompareFlagValues,
} from '../run/compare-run.js';
import { compareSteps } from '../run/compare-steps.js';
import { createContext } from '../run/context.js';
import { describe, helpFooter, REFERENCE_HELP } from '../flags/help-text.js';
import { COMPARE_HELP } from './diff.js';

const SERIES_HELP = `
Every step is "layerscope diff" of a version against the one before it. Totals add the steps
up; "every release" names the lowest layer that is new in every step (every layer above it is
new too) and what it cost over the series; the trend shows each version's size and the bytes
its new layers add. With --tags, the versions are a registry repository's release tags (tags that
are not versions, such as latest, are left out), oldest first. Steps compared before come from
the cache; only the images a new step needs are read, one after another, and a layer shared by
several is scanned once (an engine before Docker 25 names no digests in its export, so each
image is read whole).`;

export function registerSeries(program: Command, signal: AbortSignal): void {
  const command = program
    .command('series')
    .summary(
      'compare a series of releases, each with the one before: per-step reuse, pull, new bytes and inodes, trend',
    )
    .description(
      describe(
        'compare releases, each with the one before: reuse, pull, growth, trend',
        'Compare an ordered list of versions, each with the one before it: per-step layer reuse, bytes to pull, new bytes and inodes, file changes and churn; totals, the layer that changes in every release, and a trend.',
      ),
    )
    .argument(
      '<refs...>',
      'two or more images, oldest first (see "References" below); with --tags, one registry repository',
    )
    .option(
      '--tags <spec>',
      'compare release tags of one registry repository: the last N versions (e.g. 5) or a semver range (e.g. ">=1.2 <2")',
    );
  addCompareOptions(command)
    .addHelpText(
      'after',
      `${SERIES_HELP}\n${COMPARE_HELP}\n${helpFooter(['layerscope series app-1.0.tar app-1.1.tar app-1.2.tar', 'layerscope series docker://localhost:5000/app --tags 5', 'layerscope series registry:ghcr.io/acme/app --tags ">=1.2 <2" --markdown'])}\n${REFERENCE_HELP}`,
    )
    .action(async (given: string[], opts: CompareFlagValues & { tags?: string }, cmd: Command) => {
      const globals = cmd.optsWithGlobals();
      const ctx = createContext(globals);
      // semver and the tag listing load only for --tags.
      const tags = opts.tags === undefined ? null : await import('../flags/series-tags.js');
      const byTags = tags ? tags.parseSeriesTags(given, opts.tags!, !!opts.pull) : null;
      if (!byTags && given.length < 2)
        throw usageError(
          `series needs at least two images (got ${given.length})`,
          'layerscope series app:1.0 app:1.1 app:1.2, or REPO --tags N',
        );
      // With --tags the references are made below from the registry's tags, valid by construction.
      const setup = parseCompareSetup(byTags ? [] : given, opts, globals, ctx.env);
      const refs = byTags ? await tags!.releaseReferences(byTags, globals, ctx, signal) : given;
      const steps = createStepCache(globals, ctx.env);
      const { reports, scan } = await compareSteps(refs, setup, { cmd, ctx, steps, signal });
      const report = buildSeriesReport(reports);
      await writeCompareOutput(report, scan, setup, ctx, {
        kind: 'series',
        markdown: async () => (await import('../../render/compare/series-markdown.js')).renderSeriesMarkdown,
        text: async () => (await import('../../render/compare/series-text.js')).renderSeriesText,
      });
    });
}

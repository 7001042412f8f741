/** `layerscope cache info|prune`: the on-disk cache of layer scans and comparison steps. */
import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { formatBytes, formatCount } from '../../render/common/format.js';
import { renderJson } from '../../render/common/json.js';
import { StepCache } from '../steps/step-cache.js';
import { defaultCacheDir } from '../../scan/cache/entry-store.js';
import { ScanCache } from '../../scan/cache/scan-cache.js';
import { createContext } from '../run/context.js';
import { describe, helpFooter } from '../flags/help-text.js';
import { addJsonOption, jsonTarget, unwritable, writeOutputFile } from '../flags/json-output.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export function parseAge(text: string): number {
  const m = /^(\d+)([dhm])$/.exec(text.trim());
  if (!m) throw usageError(`--older-than: "${text}" is not an age`, 'use a number with d, h or m, e.g. 30d');
  const unit = m[2] === 'd' ? DAY_MS : m[2] === 'h' ? DAY_MS / 24 : 60_000;
  return Number(m[1]) * unit;
}

export function registerCache(program: Command): void {
  const cache = program
    .command('cache')
    .summary('show or prune the cache of layer scans and comparison steps')
    .description(
      describe(
        'show or prune the cache of layer scans and comparison steps',
        'Layer scans are cached by diffID under $XDG_CACHE_HOME/layerscope (default ~/.cache/layerscope), so a layer is read once across runs and images. The steps of diff and series are cached too, by the diffIDs of both images and the options, so a step compared before needs no scan at all. --no-cache (a global option) bypasses both.',
      ),
    )
    .addHelpText('after', helpFooter(['layerscope cache info', 'layerscope cache prune --older-than 30d']));
  const info = cache
    .command('info')
    .description(
      describe(
        'show where the cache is and how much it holds',
        'The number of layer scans and comparison steps it holds, and their size.',
      ),
    )
    .addHelpText('after', helpFooter(['layerscope cache info', 'layerscope cache info --json']));
  addJsonOption(info, 'the lines').action(async (opts: { json?: string | boolean }, cmd: Command) => {
    const ctx = createContext(cmd.optsWithGlobals());
    const json = jsonTarget(opts.json);
    const problem = json.file ? unwritable('json', json.file) : null;
    if (problem) throw problem;
    const dir = defaultCacheDir(ctx.env);
    const info = { ...(await new ScanCache(dir).info()), steps: await new StepCache(dir).info() };
    if (json.file) writeOutputFile('json', json.file, renderJson('cache-info', info));
    ctx.stdout.write(
      json.stdout
        ? renderJson('cache-info', info)
        : `${info.dir}\n${formatCount(info.entries)} layer scans, ${formatBytes(info.bytes)}\n${formatCount(info.steps.entries)} comparison steps, ${formatBytes(info.steps.bytes)}\n`,
    );
  });
  cache
    .command('prune')
    .description(
      describe(
        'remove cached layer scans and comparison steps',
        'All of them, or with --older-than those unused for a while.',
      ),
    )
    .addHelpText('after', helpFooter(['layerscope cache prune', 'layerscope cache prune --older-than 30d']))
    .option('--older-than <age>', 'only entries not used for this long, e.g. 30d, 12h')
    .action(async (opts: { olderThan?: string }, cmd: Command) => {
      const ctx = createContext(cmd.optsWithGlobals());
      const age = opts.olderThan ? parseAge(opts.olderThan) : 0;
      const dir = defaultCacheDir(ctx.env);
      const scans = await new ScanCache(dir).prune(age, Date.now());
      const steps = await new StepCache(dir).prune(age, Date.now());
      ctx.stdout.write(
        `removed ${formatCount(scans.removed)} layer scans and ${formatCount(steps.removed)} comparison steps, ${formatBytes(scans.bytes + steps.bytes)}\n`,
      );
    });
}

/** The commander program: global options and one registration per command. */
import { Command } from 'commander';
import type { RunStatus } from './run-status.js';
import { registerCache } from './commands/cache.js';
import { registerFootprint } from './commands/footprint.js';
import { registerCheck } from './commands/check.js';
import { registerExplore } from './commands/explore.js';
import { registerDiff } from './commands/diff.js';
import { registerInspect } from './commands/inspect.js';
import { registerSeries } from './commands/series.js';
import { registerTags } from './commands/tags.js';
import { addRegistryOptions } from './registry-options.js';

export const VERSION = '0.1.0';

export function buildProgram(signal: AbortSignal, status: RunStatus = { exitCode: 0 }): Command {
  const program = new Command('layerscope')
    .description('What a container image costs: per layer and per directory, in bytes and in files (inodes).')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces and internal details on errors')
    .option('--no-color', 'no colour in output (also: NO_COLOR=1)')
    .option('--no-cache', 'neither read nor write the scan cache ($XDG_CACHE_HOME/layerscope)')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .addHelpText('after', `
Exit codes: 0 success, 2 usage or input error (bad reference, unreadable image), 130 interrupted.
Docs: README.md (JSON output, inode rules, examples).`);
  addRegistryOptions(program);
  registerInspect(program, signal);
  registerExplore(program, signal);
  registerTags(program, signal);
  registerFootprint(program, signal);
  registerCheck(program, signal, status);
  registerDiff(program, signal);
  registerSeries(program, signal);
  registerCache(program);
  return program;
}

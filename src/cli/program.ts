/**
 * The commander program: global options and one registration per command. A run loads only
 * the command it names (each command's modules cost start-up time); help, a bare
 * `layerscope` and an unknown command load them all, so help and suggestions list every one.
 */
import { Command } from 'commander';
import type { RunStatus } from './run/run-status.js';
import { addDeadlineOptions } from './flags/deadline-options.js';
import { addRegistryOptions } from './flags/registry-options.js';
import { packageVersion } from './package-version.js';

type Register = (program: Command, signal: AbortSignal, status: RunStatus) => void;

/** Commands in help order, each loaded on demand. */
const COMMANDS: Array<[string, () => Promise<Register>]> = [
  ['inspect', async () => (await import('./commands/inspect.js')).registerInspect],
  ['packages', async () => (await import('./commands/packages.js')).registerPackages],
  ['explore', async () => (await import('./commands/explore.js')).registerExplore],
  ['tags', async () => (await import('./commands/tags.js')).registerTags],
  ['footprint', async () => (await import('./commands/footprint.js')).registerFootprint],
  ['check', async () => (await import('./commands/check.js')).registerCheck],
  ['diff', async () => (await import('./commands/diff.js')).registerDiff],
  ['series', async () => (await import('./commands/series.js')).registerSeries],
  ['cache', async () => (await import('./commands/cache.js')).registerCache],
];

export const COMMAND_NAMES = COMMANDS.map(([name]) => name);

/** The command word of a command line (arguments after node and the script), past the program's options. */
function commandWord(program: Command, args: string[]): string | undefined {
  // Global options that take a value in the next word, as the program declares them.
  const withValue = new Set(program.options.filter((o) => o.required || o.optional).map((o) => o.long));
  for (let i = 0; i < args.length; i++) {
    if (!args[i].startsWith('-')) return args[i];
    if (withValue.has(args[i])) i++;
  }
  return undefined;
}

export async function buildProgram(signal: AbortSignal, status: RunStatus, argv: string[]): Promise<Command> {
  const program = new Command('layerscope')
    .description('What a container image costs: per layer and per directory, in bytes and in files (inodes).')
    .version(packageVersion(), '-V, --version')
    .option('--debug', 'show stack traces and internal details on errors')
    .option('--no-color', 'no colour in output (also: NO_COLOR=1)')
    .option(
      '--no-cache',
      'neither read nor write the cache of layer scans and comparison steps ($XDG_CACHE_HOME/layerscope)',
    )
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .addHelpText(
      'after',
      `
Exit codes: 0 success, 1 a budget failed (check), 2 usage or input error (bad reference, unreadable
image, a registry or engine that failed or kept silent past --idle-timeout, a run past --timeout),
130 interrupted. Each command's --help has its options, examples and exit codes.
Docs: README.md (JSON output, inode rules, examples).`,
    );
  addRegistryOptions(program);
  addDeadlineOptions(program);
  const word = commandWord(program, argv.slice(2));
  const named = COMMANDS.filter(([name]) => name === word);
  for (const [, load] of named.length === 1 ? named : COMMANDS) (await load())(program, signal, status);
  return program;
}

/**
 * The entry point: parse, run, and the one place errors become output and exit codes.
 * Nothing else in layerscope prints errors or sets the exit code. A message may quote the
 * image (a tag, a path, a tar member's name): every line printed here shows its control
 * characters escaped (render/safe-text.ts), so each line is one line and nothing reaches the
 * terminal as a command.
 */
import { CommanderError } from 'commander';
import { describeCause, LayerscopeError } from '../errors.js';
import { visible } from '../render/common/safe-text.js';
import { guardOutput } from './run/closed-pipe.js';
import { runTimeoutError, runTimeoutMs } from './flags/deadline-options.js';
import { normalizeJsonFlag } from './flags/json-output.js';
import { buildProgram, COMMAND_NAMES } from './program.js';
import type { RunStatus } from './run/run-status.js';

export async function main(given: string[]): Promise<number> {
  const argv = normalizeJsonFlag(given);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  const debug = argv.includes('--debug');
  const status: RunStatus = { exitCode: 0 };
  const output = guardOutput([process.stdout, process.stderr]);
  let deadline: NodeJS.Timeout | undefined;
  try {
    const program = await buildProgram(abort.signal, status, argv);
    // Before the command's action, after parsing: the whole run gets its deadline (--timeout).
    program.hook('preAction', (_program, action) => {
      const ms = runTimeoutMs(program, action.name());
      if (ms !== undefined) deadline = setTimeout(() => abort.abort(runTimeoutError(ms)), ms).unref();
    });
    await program.parseAsync(argv);
    if (output.failure) return report(new LayerscopeError('usage', output.failure), debug, false);
    return status.exitCode;
  } catch (err) {
    return report(timedOut(abort.signal) ?? err, debug, abort.signal.aborted && !timedOut(abort.signal));
  } finally {
    clearTimeout(deadline);
    process.off('SIGINT', onSigint);
  }
}

/** The run's timeout error when the run was stopped by it. */
function timedOut(signal: AbortSignal): LayerscopeError | undefined {
  return signal.aborted && signal.reason instanceof LayerscopeError ? signal.reason : undefined;
}

function report(err: unknown, debug: boolean, aborted: boolean): number {
  if (err instanceof CommanderError) return reportUsage(err);
  if (aborted) {
    process.stderr.write('layerscope: interrupted\n');
    return 130;
  }
  const known = err instanceof LayerscopeError;
  const message = known ? err.message : `internal error: ${describeCause(err)}`;
  process.stderr.write(`layerscope: ${visible(message)}\n`);
  if (known) for (const line of err.details) process.stderr.write(`  ${visible(line)}\n`);
  if (known && err.hint) process.stderr.write(`  hint: ${visible(err.hint)}\n`);
  if (debug && err instanceof Error) process.stderr.write(visibleLines(`${err.stack}\n${causeChain(err)}`));
  else if (!known) process.stderr.write('  hint: run again with --debug for details, and report it\n');
  return known ? err.exitCode : 70;
}

/** Commander's errors: help asked for (0), usage printed for a bare `layerscope` (2), a usage error (2). */
function reportUsage(err: CommanderError): number {
  if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
  // A bare `layerscope`: commander has printed the usage to stderr.
  if (err.code === 'commander.help') return 2;
  // normalizeJsonFlag wrote a bare --json as --json=-: name it as the user wrote it.
  const [message, ...rest] = err.message
    .replace(/^error: /, '')
    .replace("'--json=-'", "'--json'")
    .split('\n');
  const suggestion = /\(Did you mean (.+)\?\)/.exec(rest.join(' '))?.[1];
  if (err.code === 'commander.unknownCommand') {
    process.stderr.write(
      `layerscope: ${visible(message.trim())}\n  hint: ${suggestion ? `did you mean ${suggestion}? ` : ''}commands: ${COMMAND_NAMES.join(', ')}\n`,
    );
    process.stderr.write(
      `\nUsage: layerscope [options] <command> [options]\n       layerscope <command> --help   (one command's options, examples and exit codes)\n`,
    );
    return 2;
  }
  process.stderr.write(
    `layerscope: ${visible([message, ...rest].join(' ').replace(/\s+/g, ' ').trim())}\n  hint: see layerscope --help\n`,
  );
  return 2;
}

/** Each line of `text` with its control characters escaped; the line breaks stay. */
const visibleLines = (text: string) => text.split('\n').map(visible).join('\n');

function causeChain(err: Error): string {
  let out = '';
  let cause = err.cause;
  while (cause instanceof Error) {
    out += `caused by: ${cause.stack}\n`;
    cause = cause.cause;
  }
  return out;
}

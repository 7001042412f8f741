/**
 * The global deadline options: --timeout (the whole run, default 10 min) and --idle-timeout
 * (how long a registry or the engine may keep silent: before it answers and in the middle of
 * an answer, default 60 s), also from LAYERSCOPE_TIMEOUT and LAYERSCOPE_IDLE_TIMEOUT.
 * Durations read as 90s, 2m, 1h, 500ms, or a bare number of seconds.
 */
import { Option, type Command } from 'commander';
import { LayerscopeError, usageError } from '../../errors.js';
import { DEFAULT_IDLE_MS, deadlinesFor, formatDuration, type Deadlines } from '../../source/deadlines.js';

const RUN_TIMEOUT_MS = 10 * 60_000;
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
/** setTimeout's limit (about 24.8 days). */
const MAX_MS = 2 ** 31 - 1;

export interface DeadlineFlags {
  timeout?: string;
  idleTimeout?: string;
}

export function addDeadlineOptions(program: Command): Command {
  return program
    .addOption(
      new Option('--timeout <duration>', 'stop a run that takes longer than this (default 10m; e.g. 90s, 30m, 1h)').env(
        'LAYERSCOPE_TIMEOUT',
      ),
    )
    .addOption(
      new Option(
        '--idle-timeout <duration>',
        'give up on a registry or engine that sends nothing for this long (default 60s)',
      ).env('LAYERSCOPE_IDLE_TIMEOUT'),
    );
}

/** Milliseconds of a duration; `option` names it in the error. */
export function parseDuration(text: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(text);
  const ms = m ? Number(m[1]) * UNITS[m[2] ?? 's'] : NaN;
  if (!(ms >= 1) || ms > MAX_MS) {
    throw usageError(
      `${option}: "${text}" is not a duration from 1 ms to 24 days`,
      'write for example 90s, 2m, 1h or 500ms',
    );
  }
  return Math.round(ms);
}

/** The per-request deadlines the flags ask for. */
export function requestDeadlines(flags: DeadlineFlags): Deadlines {
  return deadlinesFor(
    flags.idleTimeout === undefined ? DEFAULT_IDLE_MS : parseDuration(flags.idleTimeout, '--idle-timeout'),
  );
}

/**
 * The run's deadline, or undefined for none: an interactive session (explore) has one only
 * when the user set it.
 */
export function runTimeoutMs(program: Command, command: string): number | undefined {
  const flags = program.opts<DeadlineFlags>();
  requestDeadlines(flags); // a bad --idle-timeout is reported before any I/O too
  if (flags.timeout !== undefined) return parseDuration(flags.timeout, '--timeout');
  return command === 'explore' ? undefined : RUN_TIMEOUT_MS;
}

/** What a run that ran out of time ends with (exit 2). */
export function runTimeoutError(ms: number): LayerscopeError {
  return new LayerscopeError('aborted', `the run did not finish within ${formatDuration(ms)} (--timeout); stopped`, {
    hint: 'give a longer --timeout (or LAYERSCOPE_TIMEOUT), e.g. --timeout 30m',
  });
}

/**
 * `--json [FILE]`, the same on every command that has it: a bare `--json` (or `--json -`) prints
 * the JSON document on stdout instead of the table; `--json=FILE` — or `--json FILE` when FILE
 * ends in .json — writes it to FILE and keeps the table on stdout. A word after a bare --json is
 * never taken as its file otherwise, so `inspect --json app.tar` reads app.tar. Files named for
 * output are checked for writing before any image is read.
 */
import { closeSync, openSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { describeCause, LayerscopeError, usageError } from '../../errors.js';

/** Rewrites a bare `--json` that names no .json file into `--json=-` (stdout), so commander takes no word for it. */
export function normalizeJsonFlag(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    if (arg !== '--json' || (next !== undefined && /\.json$/i.test(next) && !next.startsWith('-'))) {
      out.push(arg);
      continue;
    }
    out.push('--json=-');
    if (next === '-') i++;
  }
  return out;
}

export function addJsonOption(cmd: Command, what = 'the table'): Command {
  return cmd.addOption(
    new Option(
      '--json [file]',
      `print a JSON document (schemaVersion 2) instead of ${what}; --json=FILE writes it to FILE and keeps ${what} on stdout`,
    ),
  );
}

export interface JsonTarget {
  /** JSON replaces the text on stdout. */
  stdout: boolean;
  /** JSON goes to this file; the text stays on stdout. */
  file?: string;
}

export function jsonTarget(value: string | boolean | undefined): JsonTarget {
  if (value === undefined || value === false) return { stdout: false };
  if (value === true || value === '-') return { stdout: true };
  if (value === '') throw usageError('--json=: give a file name, or a bare --json for stdout');
  return { stdout: false, file: value };
}

/** Null when `file` can be written (it is opened for appending and left as it was), else the error naming it. */
export function unwritable(flag: string, file: string): LayerscopeError | null {
  let existed = true;
  try {
    existed = statSync(file).isFile();
    if (!existed) return usageError(`--${flag} ${file}: not a regular file`, 'name a file to write');
  } catch {
    existed = false;
  }
  try {
    closeSync(openSync(file, 'a'));
    if (!existed) unlinkSync(file);
    return null;
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : describeCause(err);
    return usageError(
      `--${flag} ${file}: cannot write: ${why}`,
      'name a file in a directory that exists and can be written',
    );
  }
}

/** Writes an output file named on the command line (checked with unwritable before the run). */
export function writeOutputFile(flag: string, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new LayerscopeError('usage', `--${flag} ${file}: ${describeCause(err)}`);
  }
}

/** What commands need from the process, gathered once so commands stay testable. */
import { colorWanted, createStyle, type Style } from '../../render/common/style.js';

export interface CliContext {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  style: Style;
  /** Terminal cells text output fits in (Infinity: no limit), see outputWidth. */
  width: number;
  debug: boolean;
}

/**
 * The width text output fits in: none with --wide; else COLUMNS when set (a positive
 * integer), else the terminal's columns when stdout is one; else none (a pipe or a file
 * gets every line whole). Narrower than 60 cells, tables may still wrap.
 */
function outputWidth(stdout: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv, wide?: boolean): number {
  if (wide) return Infinity;
  const columns = Number(env.COLUMNS);
  if (env.COLUMNS && Number.isInteger(columns) && columns > 0) return columns;
  return stdout.isTTY ? stdout.columns || 80 : Infinity;
}

export function createContext(opts: { color?: boolean; debug?: boolean; wide?: boolean }): CliContext {
  const stdout = process.stdout;
  return {
    stdout,
    stderr: process.stderr,
    env: process.env,
    style: createStyle(colorWanted(process.env, !!stdout.isTTY, opts.color)),
    width: outputWidth(stdout, process.env, opts.wide),
    debug: !!opts.debug,
  };
}

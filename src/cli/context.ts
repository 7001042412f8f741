/** What commands need from the process, gathered once so commands stay testable. */
import { colorWanted, createStyle, type Style } from '../render/style.js';

export interface CliContext {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  style: Style;
  /** Columns for tables: the terminal's width, or 160 when stdout is not a terminal. */
  width: number;
  debug: boolean;
}

export function createContext(opts: { color?: boolean; debug?: boolean }): CliContext {
  const stdout = process.stdout;
  return {
    stdout,
    stderr: process.stderr,
    env: process.env,
    style: createStyle(colorWanted(process.env, !!stdout.isTTY, opts.color)),
    width: stdout.isTTY ? (stdout.columns ?? 120) : 160,
    debug: !!opts.debug,
  };
}

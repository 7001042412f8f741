/**
 * Runs one fuzz case through the built CLI (`node bin/layerscope.js inspect [--json]`), in a
 * child process with a time limit and a heap limit, its peak RSS reported by rss-probe.mjs,
 * and checks what a user may expect of any input: exit 0 or 2, one message line (and a
 * hint), no stack trace, no internal error, JSON on stdout when it succeeds, and in text
 * output no control character at all (text from the image is shown escaped). The spawned run
 * is the verdict; worker-pool.ts runs cases in process for speed and asks this for a verdict
 * whenever a case looks wrong.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FuzzCase } from './families.js';

/** The CLI under test; LAYERSCOPE_FUZZ_BIN points the fuzzer at another build (an older one, to compare). */
export const BIN =
  process.env.LAYERSCOPE_FUZZ_BIN ?? fileURLToPath(new URL('../../bin/layerscope.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));

export interface Limits {
  timeMs: number;
  rssMb: number;
}

export const DEFAULT_LIMITS: Limits = { timeMs: 20_000, rssMb: 400 };

export interface CaseResult {
  code: number | null;
  ms: number;
  rssMb: number;
  stderr: string;
  /** Why the run broke a rule; undefined when it kept them all. */
  problem?: string;
}

/** A case is read as `inspect --json` (the figures) or as `inspect` (the text a terminal gets). */
export type CaseMode = 'json' | 'text';

/** Case `index`'s mode: one case in three is read as text. */
export const caseMode = (index: number): CaseMode => (index % 3 === 2 ? 'text' : 'json');

export const cliArgs = (mode: CaseMode, path: string) =>
  mode === 'json' ? ['inspect', '--json', '--no-cache', path] : ['inspect', '--no-cache', path];

export async function runCase(
  c: FuzzCase,
  limits: Limits = DEFAULT_LIMITS,
  mode: CaseMode = 'json',
): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-fuzz-'));
  try {
    const path = c.write(dir);
    const run = await spawnCli(cliArgs(mode, path), dir, limits);
    return { ...run, problem: judge(run, limits) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Run {
  code: number | null;
  ms: number;
  rssMb: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The run asked for --json (its stdout must then parse when it succeeds). */
  json: boolean;
}

/** Runs the CLI in `dir` (its cache there too), measuring time and peak RSS. */
export function spawnCli(args: string[], dir: string, limits: Limits = DEFAULT_LIMITS): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [`--max-old-space-size=${limits.rssMb}`, '--import', PROBE, BIN, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(dir, 'cache') },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let rss = '';
    let timedOut = false;
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdio[3]!.on('data', (d) => (rss += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limits.timeMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        ms: Date.now() - started,
        rssMb: Number(rss.trim() || 0) / 1024,
        stdout,
        stderr,
        timedOut,
        json: args.includes('--json'),
      });
    });
  });
}

/** Any control character but a line feed (NO_COLOR is set, so not even a colour code is expected). */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** What a run did wrong, if anything. */
export function judge(run: Run, limits: Limits = DEFAULT_LIMITS): string | undefined {
  if (run.timedOut) return `no answer within ${limits.timeMs / 1000} s`;
  if (run.rssMb > limits.rssMb) return `peak RSS ${run.rssMb.toFixed(0)} MB over ${limits.rssMb} MB`;
  if (run.code !== 0 && run.code !== 2) return `exit ${run.code}`;
  if (/internal error/.test(run.stderr)) return 'internal error';
  if (/\n\s+at \S+ \(|^\s+at /m.test(run.stderr)) return 'stack trace';
  if (run.code === 2) {
    const lines = run.stderr.trimEnd().split('\n');
    if (lines.length > 2 || (lines.length === 2 && !lines[1].startsWith('  hint: ')))
      return 'more than one line (and a hint)';
    if (!lines[0].startsWith('layerscope: ')) return 'no message';
  }
  if (!run.json && CONTROL.test(run.stdout + run.stderr)) return 'control character in text output';
  if (run.code === 0 && run.json) {
    try {
      JSON.parse(run.stdout);
    } catch {
      return 'stdout is not JSON';
    }
  }
  return undefined;
}

/**
 * A fuzz worker: one long-lived process that runs case after case through the CLI's `main`,
 * in process, so a case costs its own work and not a Node start (about 200 ms). It is forked
 * by worker-pool.ts; each message names a case (seed, index, mode), and the reply carries what
 * a spawned run would show: exit code, stdout, stderr, time, and the process's peak RSS so far.
 * An exception or rejection that escapes `main` is reported for the case that raised it, and
 * the worker ends (its state is no longer trusted).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { caseAt } from './fuzz-loop.js';
import { BIN, cliArgs, type CaseMode } from './runner.js';

export interface CaseRequest {
  seed: number;
  index: number;
  mode: CaseMode;
}

export interface CaseReply {
  code: number | null;
  ms: number;
  maxRssMb: number;
  stdout: string;
  stderr: string;
  /** An exception that escaped main: the worker ends after sending it. */
  crash?: string;
}

const { main } = (await import(pathToFileURL(join(BIN, '../../dist/cli/main.js')).href)) as {
  main: (argv: string[]) => Promise<number>;
};

let out = '';
let err = '';
const capture =
  (append: (s: string) => void) =>
  (chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  };
process.stdout.write = capture((s) => (out += s)) as typeof process.stdout.write;
process.stderr.write = capture((s) => (err += s)) as typeof process.stderr.write;
// main adds its listeners per run; many runs in one process are not a leak.
process.setMaxListeners(0);
process.stdout.setMaxListeners(0);
process.stderr.setMaxListeners(0);

const home = process.cwd();
const send = (reply: CaseReply) => new Promise<void>((resolve) => process.send!(reply, () => resolve()));
const crash = async (e: unknown) => {
  await send({ code: null, ms: 0, maxRssMb: 0, stdout: out, stderr: err, crash: String((e as Error)?.stack ?? e) });
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

process.on('message', async (req: CaseRequest) => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-fuzz-'));
  out = '';
  err = '';
  try {
    const path = caseAt(req.seed, req.index).write(dir);
    process.chdir(dir);
    process.env.XDG_CACHE_HOME = join(dir, 'cache');
    const started = performance.now();
    const code = await main(['node', 'layerscope', ...cliArgs(req.mode, path)]);
    const ms = Math.round(performance.now() - started);
    await send({ code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, stdout: out, stderr: err });
  } finally {
    process.chdir(home);
    rmSync(dir, { recursive: true, force: true });
  }
});
process.send!('ready');

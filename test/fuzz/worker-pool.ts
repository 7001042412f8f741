/**
 * Runs fuzz cases in long-lived worker processes (case-worker.ts), each case through the CLI's
 * `main` in process: about ten times the cases per second of a process per case. The spawned
 * run (runner.ts) stays the verdict: a case that breaks a rule in the worker, outgrows the
 * memory limit, crashes the worker or runs past the time limit is run again as its own process
 * and judged there; every `spawnEvery`-th case is run both ways and the two must agree.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CaseReply, CaseRequest } from './case-worker.js';
import { judge, type Limits, type Run } from './runner.js';

const WORKER = fileURLToPath(new URL('./case-worker.ts', import.meta.url));
/** Cases a worker runs before it is replaced, so no state builds up across many. */
const RECYCLE = 400;

export interface WorkerRun extends Run {
  /** The worker crashed on this case (its message). */
  crash?: string;
}

export class CaseWorker {
  private child?: ChildProcess;
  private ready?: Promise<void>;
  private cases = 0;

  constructor(private readonly limits: Limits) {}

  private start(): Promise<void> {
    const child = fork(WORKER, [], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${this.limits.rssMb}`],
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr!.resume();
    this.child = child;
    this.cases = 0;
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`fuzz worker ended before it was ready (exit ${code})`)));
    });
  }

  /** Runs one case; a worker that timed out, crashed or grew large is replaced before the next. */
  async run(req: CaseRequest): Promise<WorkerRun> {
    this.ready ??= this.start();
    await this.ready;
    const child = this.child!;
    const started = Date.now();
    const reply = await new Promise<CaseReply | 'timeout' | { exit: number | null }>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), this.limits.timeMs);
      const onExit = (code: number | null) => done({ exit: code });
      const onMessage = (m: CaseReply) => done(m);
      const done = (r: CaseReply | 'timeout' | { exit: number | null }) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(r);
      };
      child.once('exit', onExit);
      child.once('message', onMessage);
      child.send(req);
    });
    const json = req.mode === 'json';
    const base = { ms: Date.now() - started, stdout: '', stderr: '', json, rssMb: 0 };
    if (reply === 'timeout' || 'exit' in reply) {
      this.stop();
      return reply === 'timeout'
        ? { ...base, code: null, timedOut: true }
        : { ...base, code: reply.exit, timedOut: false, crash: `worker ended (exit ${reply.exit})` };
    }
    if (reply.crash || ++this.cases >= RECYCLE || reply.maxRssMb > this.limits.rssMb * 0.75) this.stop();
    return { ...reply, rssMb: reply.maxRssMb, json, timedOut: false };
  }

  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
    this.ready = undefined;
  }
}

/** Whether a worker's run needs a spawned run to judge it (anything but a clean pass). */
export function needsVerdict(run: WorkerRun, limits: Limits): boolean {
  return run.crash !== undefined || judge(run, limits) !== undefined;
}

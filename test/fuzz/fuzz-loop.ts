/** The fuzz loop shared by `npm test` (small budget) and `npm run fuzz` (long runs): cases per family, and findings. */
import { FAMILIES, makeCase, type Family } from './families.js';
import { Random, caseSeed } from './random.js';
import { caseMode, DEFAULT_LIMITS, runCase, type CaseResult, type Limits } from './runner.js';
import { CaseWorker, needsVerdict } from './worker-pool.js';

export interface Finding {
  family: Family;
  seed: number;
  index: number;
  what: string;
  problem: string;
  stderr: string;
}

export interface FuzzSummary {
  cases: number;
  perFamily: Record<string, number>;
  exits: Record<string, number>;
  findings: Finding[];
  maxMs: number;
  maxRssMb: number;
  /** Cases run again as their own process: to judge one that looked wrong, or to check the two ways agree. */
  spawned: number;
  /** Cases whose worker run looked wrong where the spawned run was right (the worker's state, not the CLI). */
  cleared: number;
}

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** Cases in flight at once (each in its own worker process). */
  jobs?: number;
  /** Every case as its own process (slow; the worker's verdicts are then not used at all). */
  spawnAll?: boolean;
  /** Every n-th case also runs as its own process, and both runs must agree (default 25). */
  spawnEvery?: number;
  limits?: Limits;
  onCase?: (done: number, summary: FuzzSummary) => void;
}

/** Case `index` of the run seeded `seed`, rebuilt alone (to reproduce a finding). */
export function caseAt(seed: number, index: number) {
  const r = new Random(caseSeed(seed, index));
  const family = FAMILIES[index % FAMILIES.length];
  return makeCase(family, r);
}

export async function fuzz(opts: FuzzOptions): Promise<FuzzSummary> {
  const summary: FuzzSummary = {
    cases: 0,
    perFamily: {},
    exits: {},
    findings: [],
    maxMs: 0,
    maxRssMb: 0,
    spawned: 0,
    cleared: 0,
  };
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const spawnEvery = opts.spawnEvery ?? 25;
  let next = 0;
  /** One case: in the worker, and as its own process when the worker's run needs a verdict. */
  const runOne = async (index: number, worker: CaseWorker): Promise<CaseResult & { spawned: boolean }> => {
    const c = caseAt(opts.seed, index);
    const mode = caseMode(index);
    const spawned = async () => (summary.spawned++, { ...(await runCase(c, limits, mode)), spawned: true });
    if (opts.spawnAll) return spawned();
    const inProcess = await worker.run({ seed: opts.seed, index, mode });
    if (needsVerdict(inProcess, limits)) {
      const verdict = await spawned();
      if (!verdict.problem) summary.cleared++;
      return verdict;
    }
    if (index % spawnEvery !== 0) return { ...inProcess, problem: undefined, spawned: false };
    const check = await spawned();
    if (!check.problem && check.code !== inProcess.code)
      return { ...check, problem: `exit ${check.code} as a process, ${inProcess.code} in the worker` };
    return check;
  };
  const record = async (index: number, worker: CaseWorker) => {
    const c = caseAt(opts.seed, index);
    const result = await runOne(index, worker);
    summary.cases++;
    summary.perFamily[c.family] = (summary.perFamily[c.family] ?? 0) + 1;
    summary.exits[String(result.code)] = (summary.exits[String(result.code)] ?? 0) + 1;
    summary.maxMs = Math.max(summary.maxMs, result.ms);
    // A worker's RSS is its whole life's peak: only a process of its own measures one case.
    if (result.spawned) summary.maxRssMb = Math.max(summary.maxRssMb, result.rssMb);
    if (result.problem)
      summary.findings.push({
        family: c.family,
        seed: opts.seed,
        index,
        what: c.what,
        problem: result.problem,
        stderr: result.stderr.slice(0, 400),
      });
    opts.onCase?.(summary.cases, summary);
  };
  const job = async () => {
    const worker = new CaseWorker(limits);
    try {
      while (next < opts.cases) await record(next++, worker);
    } finally {
      worker.stop();
    }
  };
  await Promise.all(Array.from({ length: opts.jobs ?? 2 }, job));
  return summary;
}

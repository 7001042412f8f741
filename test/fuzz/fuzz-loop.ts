/** The fuzz loop shared by `npm test` (small budget) and `npm run fuzz` (long runs): cases per family, and findings. */
import { FAMILIES, makeCase, type Family } from './families.js';
import { Random, caseSeed } from './random.js';
import { DEFAULT_LIMITS, runCase, type Limits } from './runner.js';

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
}

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** Cases in flight at once (each is a child process). */
  jobs?: number;
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
  const summary: FuzzSummary = { cases: 0, perFamily: {}, exits: {}, findings: [], maxMs: 0, maxRssMb: 0 };
  let next = 0;
  const worker = async () => {
    while (next < opts.cases) {
      const index = next++;
      const c = caseAt(opts.seed, index);
      const result = await runCase(c, opts.limits ?? DEFAULT_LIMITS);
      summary.cases++;
      summary.perFamily[c.family] = (summary.perFamily[c.family] ?? 0) + 1;
      summary.exits[String(result.code)] = (summary.exits[String(result.code)] ?? 0) + 1;
      summary.maxMs = Math.max(summary.maxMs, result.ms);
      summary.maxRssMb = Math.max(summary.maxRssMb, result.rssMb);
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
    }
  };
  await Promise.all(Array.from({ length: opts.jobs ?? 2 }, worker));
  return summary;
}

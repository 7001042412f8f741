/**
 * The fuzzer as a test: a small fixed budget of seeded cases over every mutation family,
 * through the built CLI, in worker processes (a case that looks wrong is judged as its own
 * process). A finding prints the seed and case index; replay it with
 * `npm run fuzz -- --seed S --case I`, then make it a fixture in hostile-input.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { FAMILIES } from './families.js';
import { fuzz } from './fuzz-loop.js';

const CASES = Number(process.env.LAYERSCOPE_FUZZ_CASES ?? 300);

describe('fuzzer', () => {
  it(`${CASES} seeded cases: exit 0 or 2, one line, no stack trace, within time and memory`, async () => {
    const summary = await fuzz({ cases: CASES, seed: 20240616, jobs: 2, limits: { timeMs: 20_000, rssMb: 400 } });
    expect(summary.cases).toBe(CASES);
    for (const family of FAMILIES) expect(summary.perFamily[family]).toBeGreaterThan(0);
    const report = summary.findings.map(
      (f) => `[${f.family}] seed ${f.seed} case ${f.index}: ${f.problem} — ${f.what}\n${f.stderr}`,
    );
    expect(report).toEqual([]);
    // Both outcomes occur: the budget reaches past the checks as well as into them.
    expect(summary.exits['0']).toBeGreaterThan(0);
    expect(summary.exits['2']).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * Checks a BudgetFacts against a BudgetConfig: one result per configured rule, path budget
 * and forbidden glob, each PASS, WARN, FAIL or SKIP with the actual value, the limit and
 * the culprit. Pure.
 */
import picomatch from 'picomatch';
import type { BudgetConfig, Limit } from './config/config.js';
import type { BudgetFacts } from './facts.js';
import type { PackageInstance } from '../packages/package-model.js';
import { measure, type Measurement } from './measure.js';
import { RULES, type ValueKind } from './rules.js';

export type Status = 'pass' | 'warn' | 'fail' | 'skip';

export interface RuleResult {
  id: string;
  title: string;
  status: Status;
  kind: ValueKind | 'paths' | 'packages';
  direction: 'max' | 'min';
  actual: number | null;
  /** The limit that decided the status (fail limit when passing). */
  limit: number | null;
  culprit: string | null;
  /** Why it was skipped, or what was found. */
  note: string | null;
  /** True when `actual` is an estimate (growth.maxPullBytes of plain-tar layers); shown with "≈". */
  estimated: boolean;
  line: number | null;
  /** The size unit the limit was written in (e.g. "GiB"), for showing sizes in it; null for plain bytes and non-sizes. */
  unit: string | null;
}

export interface CheckSummary {
  status: 'pass' | 'warn' | 'fail';
  pass: number;
  warn: number;
  fail: number;
  skip: number;
}

export function evaluateBudget(config: BudgetConfig, facts: BudgetFacts): RuleResult[] {
  const results: RuleResult[] = [];
  for (const spec of RULES) {
    const limit = config.rules.get(spec.id);
    if (!limit) continue;
    const base = {
      id: spec.id,
      title: spec.title,
      kind: spec.kind,
      direction: spec.direction,
      line: limit.line ?? null,
    };
    if (limit.disabled) {
      results.push({ ...base, ...DISABLED });
      continue;
    }
    results.push({ ...base, ...judge(measure(spec.id, facts), limit, spec.direction) });
  }
  results.push(...pathResults(config, facts), ...forbiddenResults(config, facts));
  results.push(...packageBudgetResults(config, facts), ...forbiddenPackageResults(config, facts));
  return results;
}

type Judged = Pick<RuleResult, 'status' | 'actual' | 'limit' | 'culprit' | 'note' | 'unit' | 'estimated'>;

function judge(m: Measurement, limit: Limit, direction: 'max' | 'min'): Judged {
  const unitOf = (warn: boolean) =>
    (warn ? limit.warnUnit : limit.fail !== undefined ? limit.unit : limit.warnUnit) ?? null;
  if ('skip' in m)
    return {
      status: 'skip',
      actual: null,
      limit: limit.fail ?? limit.warn ?? null,
      culprit: null,
      note: m.skip,
      unit: unitOf(false),
      estimated: false,
    };
  const crosses = (l: number | undefined) => l !== undefined && (direction === 'max' ? m.actual > l : m.actual < l);
  const status: Status = crosses(limit.fail) ? 'fail' : crosses(limit.warn) ? 'warn' : 'pass';
  const decided = status === 'warn' ? limit.warn : (limit.fail ?? limit.warn);
  return {
    status,
    actual: m.actual,
    limit: decided ?? null,
    culprit: m.culprit ?? null,
    note: m.note ?? null,
    unit: unitOf(status === 'warn'),
    estimated: m.estimated ?? false,
  };
}

const globMatcher = (glob: string) => picomatch([glob, `${glob.replace(/\/+$/, '')}/**`], { dot: true });

function pathResults(config: BudgetConfig, facts: BudgetFacts): RuleResult[] {
  const out: RuleResult[] = [];
  for (const budget of config.paths) {
    const match = picomatch(budget.glob, { dot: true });
    let bytes = 0;
    let inodes = 0;
    const byLayer = new Map<number, number>();
    for (const p of facts.finalPaths) {
      if (!match(p.path)) continue;
      bytes += p.bytes;
      inodes += p.inodes;
      byLayer.set(p.layer, (byLayer.get(p.layer) ?? 0) + p.bytes + p.inodes);
    }
    const top = [...byLayer].sort((a, b) => b[1] - a[1])[0]?.[0];
    const layer = facts.layers.find((l) => l.layer === top);
    const culprit = layer ? `layer ${layer.layer} ${layer.createdBy}`.trim() : null;
    for (const [key, kind, actual] of [
      ['maxSize', 'size', bytes],
      ['maxInodes', 'count', inodes],
    ] as const) {
      const limit = budget[key];
      if (!limit) continue;
      const base = {
        id: `paths[${budget.glob}].${key}`,
        title: `${budget.glob} ${kind === 'size' ? 'size' : 'inodes'}`,
        kind,
        direction: 'max' as const,
        line: limit.line ?? budget.line ?? null,
      };
      if (limit.disabled) out.push({ ...base, ...DISABLED });
      else
        out.push({
          ...base,
          ...judge(
            { actual, culprit: culprit ?? undefined, note: actual === 0 ? 'no path matches' : undefined },
            limit,
            'max',
          ),
        });
    }
  }
  return out;
}

function forbiddenResults(config: BudgetConfig, facts: BudgetFacts): RuleResult[] {
  return config.forbiddenPaths.map(({ glob, line }) => {
    const match = globMatcher(glob);
    const found = facts.writtenPaths.filter((p) => match(p.path));
    const first = found[0];
    const present = new Set(facts.finalPaths.filter((p) => match(p.path)).map((p) => p.path));
    const note = first
      ? `${first.path} (layer ${first.layer})${present.size === 0 ? ', deleted later but still shipped in its layer' : ''}${found.length > 1 ? ` and ${found.length - 1} more` : ''}`
      : null;
    const layer = first && facts.layers.find((l) => l.layer === first.layer);
    return {
      id: `forbiddenPaths[${glob}]`,
      title: `forbidden ${glob}`,
      kind: 'paths' as const,
      direction: 'max' as const,
      status: found.length > 0 ? ('fail' as const) : ('pass' as const),
      actual: found.length,
      limit: 0,
      culprit: layer ? `layer ${layer.layer} ${layer.createdBy}`.trim() : null,
      note,
      estimated: false,
      line: line ?? null,
      unit: null,
    };
  });
}

/** The packages whose names match a glob (`@types/*`, `typescript`, `lib*`). */
const packagesMatching = (facts: BudgetFacts, glob: string) => {
  const match = picomatch(glob, { dot: true });
  return (facts.packages?.packages ?? []).filter((p) => match(p.name));
};

const packageLine = (p: PackageInstance) =>
  `${p.name} ${p.version} at ${p.path} (layer ${p.addedIn})`.replace('  ', ' ');

function packageBudgetResults(config: BudgetConfig, facts: BudgetFacts): RuleResult[] {
  return config.packageBudgets.flatMap((budget) => {
    const found = packagesMatching(facts, budget.glob);
    const largest = found[0];
    return (
      [
        ['maxSize', 'size', found.reduce((a, p) => a + p.bytes, 0)],
        ['maxInodes', 'count', found.reduce((a, p) => a + p.inodes, 0)],
      ] as const
    ).flatMap(([key, kind, actual]) => {
      const limit = budget[key];
      if (!limit) return [];
      const base = {
        id: `packages.maxSize[${budget.glob}].${key}`,
        title: `packages ${budget.glob} ${kind === 'size' ? 'size' : 'inodes'}`,
        kind,
        direction: 'max' as const,
        line: limit.line ?? budget.line ?? null,
      };
      if (limit.disabled) return [{ ...base, ...DISABLED }];
      const note =
        found.length === 0 ? 'no package matches' : found.length > 1 ? `${found.length} packages` : undefined;
      return [{ ...base, ...judge({ actual, culprit: largest && packageLine(largest), note }, limit, 'max') }];
    });
  });
}

function forbiddenPackageResults(config: BudgetConfig, facts: BudgetFacts): RuleResult[] {
  return config.forbiddenPackages.map(({ glob, line }) => {
    const found = packagesMatching(facts, glob);
    return {
      id: `packages.forbid[${glob}]`,
      title: `forbidden package ${glob}`,
      kind: 'packages' as const,
      direction: 'max' as const,
      status: found.length > 0 ? ('fail' as const) : ('pass' as const),
      actual: found.length,
      limit: 0,
      culprit: found[0] ? packageLine(found[0]) : null,
      note: found.length > 1 ? `and ${found.length - 1} more` : null,
      estimated: false,
      line: line ?? null,
      unit: null,
    };
  });
}

export function summarize(results: RuleResult[]): CheckSummary {
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  const fail = count('fail');
  const warn = count('warn');
  return {
    status: fail > 0 ? 'fail' : warn > 0 ? 'warn' : 'pass',
    pass: count('pass'),
    warn,
    fail,
    skip: count('skip'),
  };
}

/** What a disabled rule reports: skipped, nothing measured. */
const DISABLED = {
  status: 'skip',
  actual: null,
  limit: null,
  culprit: null,
  note: 'disabled',
  unit: null,
  estimated: false,
} as const;

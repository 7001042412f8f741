/**
 * The packages section of a budget config (maxDuplicates, devShipped, maxSize per glob of
 * names, forbid): read with every problem at its line, and judged against a package report.
 */
import { describe, expect, it } from 'vitest';
import { parseBudgetConfig } from '../../src/analysis/budget/config/parse-config.js';
import { needsPackages } from '../../src/analysis/budget/config/config.js';
import { evaluateBudget } from '../../src/analysis/budget/evaluate.js';
import type { BudgetFacts } from '../../src/analysis/budget/facts.js';
import type { PackageInstance, PackageReport } from '../../src/analysis/packages/package-model.js';

const instance = (name: string, version: string, bytes: number, extra: Partial<PackageInstance> = {}) =>
  ({
    ecosystem: 'npm',
    name,
    version,
    path: `/app/node_modules/${name}`,
    bytes,
    files: 3,
    inodes: 4,
    addedIn: 2,
    changedIn: [],
    ...extra,
  }) as PackageInstance;

const report: PackageReport = {
  packages: [
    instance('typescript', '5.4.0', 60_000_000, { dev: true, inodes: 1000 }),
    instance('@types/node', '20.0.0', 4_000_000, { dev: true }),
    instance('@types/react', '18.0.0', 1_000_000),
    instance('left', '1.0.0', 900),
    instance('left', '0.9.0', 800, { path: '/app/node_modules/x/node_modules/left' }),
  ],
  totals: [],
  unclaimed: { bytes: 0, files: 0, inodes: 0 },
  duplicates: [{ ecosystem: 'npm', name: 'left', versions: ['0.9.0', '1.0.0'], instances: 2, extraBytes: 800 }],
  notes: [],
};

const facts = (packages: PackageReport | null): BudgetFacts => ({
  reference: 'app.tar',
  image: { size: 1, compressedSize: null, layers: 2, inodes: 1 },
  layers: [],
  waste: {
    efficiency: 1,
    wastedBytes: 0,
    userWastedPercent: null,
    reclaimableBytes: 0,
    topInefficientPath: null,
    topBlame: null,
  },
  growth: null,
  finalPaths: [],
  writtenPaths: [],
  packages,
});

const CONFIG = [
  'packages:',
  '  maxDuplicates: 0',
  '  devShipped: fail',
  '  maxSize:',
  '    - { glob: "@types/*", maxSize: 10MB, maxInodes: 5 }',
  '    - { glob: typescript, maxSize: { warn: 50MB, fail: 100MB } }',
  '  forbid: [left-pad, "type*"]',
  '',
].join('\n');

describe('packages rules in a budget config', () => {
  it('are read, and say the packages must be found', () => {
    const { config, problems } = parseBudgetConfig(CONFIG, '.layerscope.yml');
    expect(problems).toEqual([]);
    expect(config.rules.get('packages.maxDuplicates')).toMatchObject({ fail: 0, line: 2 });
    expect(config.rules.get('packages.devShipped')).toMatchObject({ fail: 0, line: 3 });
    expect(config.packageBudgets.map((b) => b.glob)).toEqual(['@types/*', 'typescript']);
    expect(config.forbiddenPackages.map((f) => [f.glob, f.line])).toEqual([
      ['left-pad', 7],
      ['type*', 7],
    ]);
    expect(needsPackages(config)).toBe(true);
    expect(needsPackages(parseBudgetConfig('image:\n  maxLayers: 3\n', 'x.yml').config)).toBe(false);
  });

  it('each problem is named at its line', () => {
    const { problems } = parseBudgetConfig(
      'packages:\n  maxSize:\n    - { glob: "", maxSize: 1MB }\n    - { glob: x }\n  forbid: left-pad\n  maxDupes: 1\n',
      'x.yml',
    );
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '3: packages.maxSize: empty glob (a package name or glob, e.g. @types/*)',
      '4: packages.maxSize: x needs maxSize and/or maxInodes',
      '5: packages.forbid: expected a list of globs',
      '6: unknown rule "packages.maxDupes" (rules in packages: maxDuplicates, devShipped, maxSize, forbid)',
    ]);
  });

  it('are judged against the packages, with the package to blame', () => {
    const { config } = parseBudgetConfig(CONFIG, '.layerscope.yml');
    const results = evaluateBudget(config, facts(report));
    const by = (id: string) => results.find((r) => r.id === id)!;
    expect(by('packages.maxDuplicates')).toMatchObject({
      status: 'fail',
      actual: 1,
      culprit: 'left (2 copies: 0.9.0, 1.0.0)',
    });
    expect(by('packages.devShipped')).toMatchObject({
      status: 'fail',
      actual: 2,
      culprit: 'typescript 5.4.0 at /app/node_modules/typescript (layer 2)',
    });
    expect(by('packages.maxSize[@types/*].maxSize')).toMatchObject({ status: 'pass', actual: 5_000_000 });
    expect(by('packages.maxSize[@types/*].maxInodes')).toMatchObject({ status: 'fail', actual: 8, limit: 5 });
    expect(by('packages.maxSize[typescript].maxSize')).toMatchObject({ status: 'warn', limit: 50_000_000 });
    expect(by('packages.forbid[left-pad]')).toMatchObject({ status: 'pass', actual: 0 });
    expect(by('packages.forbid[type*]')).toMatchObject({ status: 'fail', actual: 1, kind: 'packages' });
  });

  it('without the packages read, the counted rules are skipped', () => {
    const { config } = parseBudgetConfig('packages:\n  maxDuplicates: 3\n  devShipped: warn\n', 'x.yml');
    const results = evaluateBudget(config, facts(null));
    expect(results.map((r) => [r.id, r.status, r.note])).toEqual([
      ['packages.maxDuplicates', 'skip', 'packages were not read'],
      ['packages.devShipped', 'skip', 'packages were not read'],
    ]);
  });
});

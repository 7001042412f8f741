// npm packages found in an image built by code and scanned for real: scoped, nested and
// duplicated packages, files removed and changed by later layers, dev dependencies.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PackageReport } from '../../src/analysis/packages/package-model.js';
import { dir, figures, file, instance, json, manifestBytes, npmPackage, packagesOf } from './helpers.js';

const NM = '/app/node_modules';
const APP = { name: 'app', dependencies: { a: '1', b: '1' }, devDependencies: { '@s/c': '3', b: '1' } };

// L1: the app and its tree; L2 deletes a file of a; L3 rewrites a file of @s/c.
const LAYERS = [
  [
    dir('app'),
    json('app/package.json', APP),
    dir('app/node_modules'),
    dir('app/node_modules/.bin'),
    { type: 'symlink' as const, path: 'app/node_modules/.bin/a', target: '../a/index.js' },
    ...npmPackage('app/node_modules/a', 'a', '1.0.0', { 'index.js': 1000, 'lib/x.js': 500, 'lib/y.js': 10 }),
    dir('app/node_modules/a/node_modules'),
    ...npmPackage('app/node_modules/a/node_modules/b', 'b', '2.0.0', { 'index.js': 300 }),
    ...npmPackage('app/node_modules/b', 'b', '1.0.0', { 'index.js': 700 }),
    dir('app/node_modules/@s'),
    ...npmPackage('app/node_modules/@s/c', '@s/c', '3.0.0', { 'index.js': 200 }),
    dir('app/node_modules/not-a-package'),
    file('app/node_modules/not-a-package/stray.js', 50),
  ],
  [{ type: 'whiteout' as const, path: 'app/node_modules/a/lib/x.js' }],
  [file('app/node_modules/@s/c/index.js', 250)],
];

let report: PackageReport;
beforeAll(async () => {
  ({ report } = await packagesOf(LAYERS));
});

describe('npm packages', () => {
  it('finds every package directory with a package.json, at every depth, scoped ones included', () => {
    expect(report.packages.map((p) => [p.name, p.version, p.path])).toEqual([
      ['a', '1.0.0', `${NM}/a`],
      ['b', '1.0.0', `${NM}/b`],
      ['b', '2.0.0', `${NM}/a/node_modules/b`],
      ['@s/c', '3.0.0', `${NM}/@s/c`],
    ]);
    expect(report.packages.every((p) => p.ecosystem === 'npm')).toBe(true);
  });

  it('counts its own entries, not its nested node_modules; a file a later layer removed is gone', () => {
    // a: its dir, package.json, index.js, lib/, lib/y.js (lib/x.js whited out in layer 2).
    expect(figures(instance(report, `${NM}/a`))).toEqual({
      bytes: manifestBytes('a', '1.0.0') + 1000 + 10,
      files: 3,
      inodes: 5,
      addedIn: 1,
      changedIn: [2],
    });
    expect(figures(instance(report, `${NM}/a/node_modules/b`))).toEqual({
      bytes: manifestBytes('b', '2.0.0') + 300,
      files: 2,
      inodes: 3,
      addedIn: 1,
      changedIn: [],
    });
  });

  it('dates a file a later layer rewrote in changedIn and counts its new size', () => {
    expect(figures(instance(report, `${NM}/@s/c`))).toEqual({
      bytes: manifestBytes('@s/c', '3.0.0') + 250,
      files: 2,
      inodes: 3,
      addedIn: 1,
      changedIn: [3],
    });
  });

  it('marks direct dev dependencies from the app package.json (not those also in dependencies)', () => {
    expect(report.packages.filter((p) => p.dev).map((p) => p.path)).toEqual([`${NM}/@s/c`]);
  });

  it('names duplicates with the bytes all but the largest add', () => {
    expect(report.duplicates).toEqual([
      {
        ecosystem: 'npm',
        name: 'b',
        versions: ['1.0.0', '2.0.0'],
        instances: 2,
        extraBytes: manifestBytes('b', '2.0.0') + 300,
      },
    ]);
  });

  it('totals the ecosystem and leaves node_modules itself, scopes, .bin and stray files unclaimed', () => {
    const sum = (key: 'bytes' | 'files' | 'inodes') => report.packages.reduce((a, p) => a + p[key], 0);
    expect(report.totals).toEqual([
      { ecosystem: 'npm', packages: 4, bytes: sum('bytes'), files: sum('files'), inodes: sum('inodes') },
    ]);
    // /app, app/package.json, node_modules, .bin, .bin/a, a/node_modules, @s, not-a-package, stray.js
    expect(report.unclaimed).toEqual({ bytes: Buffer.byteLength(JSON.stringify(APP)) + 50, files: 2, inodes: 9 });
    expect(report.notes).toEqual([]);
  });
});

describe('dev dependencies from a package-lock.json', () => {
  it('takes "dev": true per installed path, and the lockfile over package.json', async () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { name: 'svc' },
        'node_modules/x': { version: '1.0.0', dev: true },
        'node_modules/y': { version: '1.0.0' },
        'node_modules/y/node_modules/z': { version: '1.0.0', dev: true },
      },
    };
    const { report } = await packagesOf([
      [
        dir('srv'),
        json('srv/package.json', { devDependencies: { y: '1' } }),
        json('srv/package-lock.json', lock),
        dir('srv/node_modules'),
        ...npmPackage('srv/node_modules/x', 'x', '1.0.0', {}),
        ...npmPackage('srv/node_modules/y', 'y', '1.0.0', {}),
        dir('srv/node_modules/y/node_modules'),
        ...npmPackage('srv/node_modules/y/node_modules/z', 'z', '1.0.0', {}),
      ],
    ]);
    expect(report.packages.map((p) => [p.name, p.dev ?? false]).sort()).toEqual([
      ['x', true],
      ['y', false],
      ['z', true],
    ]);
  });
});

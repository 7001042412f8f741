/**
 * diffPackages on PackageReports built by hand: instances matched by ecosystem, name and
 * path; a new version, or the same version with other bytes or inodes, is a change; a move
 * is a removal and an addition; lists bounded by `top`, tallies always complete.
 */
import { describe, expect, it } from 'vitest';
import { diffPackages } from '../../src/analysis/compare/package-diff.js';
import type { PackageInstance, PackageReport } from '../../src/analysis/packages/package-model.js';

type Spec = Partial<PackageInstance> & Pick<PackageInstance, 'name'>;

const instance = (s: Spec): PackageInstance => ({
  ecosystem: 'npm',
  version: '1.0.0',
  path: `/app/node_modules/${s.name}`,
  bytes: 1000,
  files: 2,
  inodes: 3,
  addedIn: 2,
  changedIn: [],
  ...s,
});

const report = (specs: Spec[]): PackageReport => ({
  packages: specs.map(instance),
  totals: [],
  unclaimed: { bytes: 0, files: 0, inodes: 0 },
  duplicates: [],
  notes: [],
});

describe('diffPackages', () => {
  it('an upgrade, additions, a removal, and what stayed the same', () => {
    const a = report([
      { name: 'express', version: '4.18.2', bytes: 200_000, inodes: 100 },
      { name: 'debug', bytes: 5_000, inodes: 8 },
      { name: 'same' },
    ]);
    const b = report([
      { name: 'express', version: '4.19.0', bytes: 210_500, inodes: 104 },
      { name: 'axios', bytes: 40_000, inodes: 30 },
      { name: 'form-data', bytes: 9_000, inodes: 6 },
      { name: 'same' },
    ]);
    const d = diffPackages(a, b, 10);
    expect(d.changed).toEqual({ packages: 1, bytes: 10_500, inodes: 4, versionChanged: 1 });
    expect(d.added).toEqual({ packages: 2, bytes: 49_000, inodes: 36 });
    expect(d.removed).toEqual({ packages: 1, bytes: -5_000, inodes: -8 });
    expect(d.net).toEqual({ bytes: 10_500 + 49_000 - 5_000, inodes: 4 + 36 - 8 });
    expect(d.largestChanged).toEqual([
      {
        change: 'changed',
        ecosystem: 'npm',
        name: 'express',
        path: '/app/node_modules/express',
        versionBefore: '4.18.2',
        versionAfter: '4.19.0',
        bytesBefore: 200_000,
        bytesAfter: 210_500,
        bytesDelta: 10_500,
        inodesBefore: 100,
        inodesAfter: 104,
        inodesDelta: 4,
      },
    ]);
    expect(d.largestAdded.map((c) => [c.name, c.versionBefore, c.versionAfter, c.bytesBefore])).toEqual([
      ['axios', null, '1.0.0', null],
      ['form-data', null, '1.0.0', null],
    ]);
    expect(d.largestRemoved.map((c) => [c.name, c.versionAfter, c.bytesAfter, c.inodesDelta])).toEqual([
      ['debug', null, null, -8],
    ]);
  });

  it('the same version with other bytes or other inodes is changed; equal instances are not', () => {
    const a = report([{ name: 'x' }, { name: 'y' }, { name: 'z' }]);
    const b = report([
      { name: 'x', bytes: 1200 },
      { name: 'y', inodes: 2 },
      { name: 'z', files: 2 },
    ]);
    const d = diffPackages(a, b, 10);
    expect(d.largestChanged.map((c) => [c.name, c.bytesDelta, c.inodesDelta])).toEqual([
      ['x', 200, 0],
      ['y', 0, -1],
    ]);
    expect(d.changed.versionChanged).toBe(0);
    expect(d.added.packages + d.removed.packages).toBe(0);
  });

  it('matches by ecosystem, name and path: a move is removed + added, another ecosystem is another package', () => {
    const a = report([
      { name: 'ms', path: '/app/node_modules/ms' },
      { name: 'zlib1g', ecosystem: 'deb', path: '/var/lib/dpkg/status' },
    ]);
    const b = report([
      { name: 'ms', path: '/app/node_modules/debug/node_modules/ms' },
      { name: 'zlib1g', ecosystem: 'apk', path: '/var/lib/dpkg/status' },
    ]);
    const d = diffPackages(a, b, 10);
    expect(d.changed.packages).toBe(0);
    expect(d.added.packages).toBe(2);
    expect(d.removed.packages).toBe(2);
    expect(d.largestAdded.map((c) => `${c.ecosystem}:${c.path}`).sort()).toEqual([
      'apk:/var/lib/dpkg/status',
      'npm:/app/node_modules/debug/node_modules/ms',
    ]);
    expect(d.net).toEqual({ bytes: 0, inodes: 0 });
  });

  it('lists the top N by |bytes delta| (then |inodes delta|), the tallies counting every change', () => {
    const sizes = [500, 9000, 300, 9000, 7000, 100];
    const b = report(sizes.map((bytes, i) => ({ name: `p${i}`, bytes, inodes: i })));
    const d = diffPackages(report([]), b, 3);
    expect(d.largestAdded.map((c) => c.name)).toEqual(['p3', 'p1', 'p4']);
    expect(d.added).toEqual({ packages: 6, bytes: sizes.reduce((x, y) => x + y, 0), inodes: 15 });
    const shrunk = diffPackages(
      b,
      report([
        { name: 'p1', bytes: 1 },
        { name: 'p4', bytes: 8000, inodes: 4 },
      ]),
      2,
    );
    expect(shrunk.largestChanged.map((c) => [c.name, c.bytesDelta])).toEqual([
      ['p1', -8999],
      ['p4', 1000],
    ]);
    expect(shrunk.largestRemoved.map((c) => c.name)).toEqual(['p3', 'p0']);
    expect(shrunk.removed.packages).toBe(4);
  });

  it('nothing changed: empty lists and zero tallies', () => {
    const a = report([{ name: 'a' }, { name: 'b', ecosystem: 'python', path: '/usr/lib/python3/x.dist-info' }]);
    const d = diffPackages(
      a,
      report([{ name: 'b', ecosystem: 'python', path: '/usr/lib/python3/x.dist-info' }, { name: 'a' }]),
      5,
    );
    expect(d.added.packages + d.removed.packages + d.changed.packages).toBe(0);
    expect([...d.largestAdded, ...d.largestRemoved, ...d.largestChanged]).toEqual([]);
  });
});

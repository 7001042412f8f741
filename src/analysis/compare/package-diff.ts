/**
 * Package changes between two images: the package instances of A's and B's final file
 * systems (findPackages) matched by ecosystem, name and path. An instance only in B is
 * added, only in A removed (a package moved to another path is both); one in both with
 * another version, other bytes or other inodes is changed. Lists are the top N by the size
 * of the change; the tallies count every change. Pure.
 */
import type { LayerScan } from '../../scan/layer-scan.js';
import { selectTop } from '../fs/directory-rollup.js';
import { mergeLayers } from '../fs/merge.js';
import { findPackages } from '../packages/find-packages.js';
import type { Ecosystem, PackageInstance, PackageReport } from '../packages/package-model.js';

export interface PackageChange {
  change: 'added' | 'removed' | 'changed';
  ecosystem: Ecosystem;
  name: string;
  path: string;
  /** Null on the side that does not hold it; '' when the image does not say. */
  versionBefore: string | null;
  versionAfter: string | null;
  bytesBefore: number | null;
  bytesAfter: number | null;
  bytesDelta: number;
  inodesBefore: number | null;
  inodesAfter: number | null;
  inodesDelta: number;
}

export interface PackageChangeTally {
  packages: number;
  /** Net change of the packages' own bytes and inodes. */
  bytes: number;
  inodes: number;
}

export interface PackageDiff {
  added: PackageChangeTally;
  removed: PackageChangeTally;
  /** `versionChanged` of them have another version; the rest the same version with other bytes or inodes. */
  changed: PackageChangeTally & { versionChanged: number };
  /** Over every change: the net change of what packages own. */
  net: { bytes: number; inodes: number };
  /** The largest changes of each kind (by |bytes delta|, then |inodes delta|, then path), at most `top` each. */
  largestAdded: PackageChange[];
  largestRemoved: PackageChange[];
  largestChanged: PackageChange[];
}

/** The packages of an image's final file system, from its scans. */
export function packagesOfScans(scans: LayerScan[]): PackageReport {
  return findPackages(mergeLayers(scans));
}

export function diffPackages(a: PackageReport, b: PackageReport, top: number): PackageDiff {
  const before = new Map(a.packages.map((p) => [keyOf(p), p]));
  const changes: PackageChange[] = [];
  for (const p of b.packages) {
    const old = before.get(keyOf(p));
    before.delete(keyOf(p));
    if (!old) changes.push(change('added', undefined, p));
    else if (old.version !== p.version || old.bytes !== p.bytes || old.inodes !== p.inodes)
      changes.push(change('changed', old, p));
  }
  for (const old of before.values()) changes.push(change('removed', old, undefined));
  const tally = (kind: PackageChange['change']) => tallyOf(changes.filter((c) => c.change === kind));
  const changed = changes.filter((c) => c.change === 'changed');
  return {
    added: tally('added'),
    removed: tally('removed'),
    changed: { ...tallyOf(changed), versionChanged: changed.filter((c) => c.versionBefore !== c.versionAfter).length },
    net: { bytes: sum(changes, 'bytesDelta'), inodes: sum(changes, 'inodesDelta') },
    largestAdded: largest(changes, 'added', top),
    largestRemoved: largest(changes, 'removed', top),
    largestChanged: largest(changes, 'changed', top),
  };
}

const keyOf = (p: PackageInstance) => `${p.ecosystem}\0${p.name}\0${p.path}`;

function change(kind: PackageChange['change'], a?: PackageInstance, b?: PackageInstance): PackageChange {
  const p = (b ?? a)!;
  return {
    change: kind,
    ecosystem: p.ecosystem,
    name: p.name,
    path: p.path,
    versionBefore: a?.version ?? null,
    versionAfter: b?.version ?? null,
    bytesBefore: a?.bytes ?? null,
    bytesAfter: b?.bytes ?? null,
    bytesDelta: (b?.bytes ?? 0) - (a?.bytes ?? 0),
    inodesBefore: a?.inodes ?? null,
    inodesAfter: b?.inodes ?? null,
    inodesDelta: (b?.inodes ?? 0) - (a?.inodes ?? 0),
  };
}

const sum = (changes: PackageChange[], key: 'bytesDelta' | 'inodesDelta') =>
  changes.reduce((acc, c) => acc + c[key], 0);

const tallyOf = (changes: PackageChange[]): PackageChangeTally => ({
  packages: changes.length,
  bytes: sum(changes, 'bytesDelta'),
  inodes: sum(changes, 'inodesDelta'),
});

function largest(changes: PackageChange[], kind: PackageChange['change'], top: number): PackageChange[] {
  const of = changes.filter((c) => c.change === kind);
  const cmp = (x: number, y: number) =>
    Math.abs(of[y].bytesDelta) - Math.abs(of[x].bytesDelta) ||
    Math.abs(of[y].inodesDelta) - Math.abs(of[x].inodesDelta) ||
    (of[x].path < of[y].path ? -1 : of[x].path > of[y].path ? 1 : of[x].name < of[y].name ? -1 : 1);
  return selectTop(
    of.map((_, i) => i),
    top,
    cmp,
  ).map((i) => of[i]);
}

/**
 * Package attribution: every package instance of an image's final file system (npm with
 * pnpm's and yarn's layouts, dpkg, apk, Python) with the bytes and inodes of its own
 * entries, read from the merged file system and the metadata the scan kept; no second pass
 * over the layers. The rules are package-model.ts's. Pure: (MergedFs) => PackageReport.
 *
 * Order of work: one walk of the path tree gives the directory-tree owners (package-tree.ts);
 * the file lists of Python, dpkg and apk packages then claim their paths (claims.ts); one
 * pass over the final entries and one over the events count the figures (attribute.ts).
 */
import type { MergedFs } from '../fs/merge.js';
import { viewEntries, type ViewEntries } from '../fs/merged-queries.js';
import { apkPackages } from './apk-packages.js';
import { attribute } from './attribute.js';
import { Claims } from './claims.js';
import { dpkgPackages } from './dpkg-packages.js';
import type { FoundPackage, ListedPackage } from './found-package.js';
import { DevDependencies } from './npm-dev.js';
import { npmPackage, yarnZipPackage } from './npm-packages.js';
import { Notes } from './notes.js';
import type { PackageReport } from './package-model.js';
import { duplicatesOf, sortPackages, totalsOf } from './package-summary.js';
import { packageTree, type PackageTree } from './package-tree.js';
import { distInfoPackage, eggInfoPackage } from './python-packages.js';

/** `final` may be passed when the caller already has the final file system's entries. */
export function findPackages(fs: MergedFs, final: ViewEntries = viewEntries(fs, { kind: 'final' })): PackageReport {
  const notes = new Notes();
  const tree = packageTree(fs);
  const found: FoundPackage[] = [];
  const pythonLists: Array<[number, ListedPackage]> = [];
  readTreePackages(fs, tree, found, pythonLists, notes);
  const claims = new Claims(fs, tree.owner, notes);
  for (const [index, listed] of pythonLists) claims.claimList(index, listed, 1);
  for (const listed of [...dpkgPackages(fs, notes), ...apkPackages(fs, notes)]) {
    claims.claimList(found.length, listed, 2);
    found.push(listed.found);
  }
  const { packages, unclaimed } = attribute(fs, final, claims.result(), found);
  return {
    packages: sortPackages(packages),
    totals: totalsOf(packages),
    unclaimed,
    duplicates: duplicatesOf(packages),
    notes: notes.lines(),
  };
}

/** The tree roots as packages, in root order (their index is their owner number). */
function readTreePackages(
  fs: MergedFs,
  tree: PackageTree,
  found: FoundPackage[],
  pythonLists: Array<[number, ListedPackage]>,
  notes: Notes,
): void {
  const dev = tree.appNodeModules.length > 0 ? new DevDependencies(fs, tree.appNodeModules, notes) : undefined;
  for (const root of tree.roots) {
    if (root.kind === 'npm') {
      const pkg = npmPackage(fs, root.id, notes);
      if (dev?.isDev(pkg.path)) pkg.dev = true;
      found.push(pkg);
    } else if (root.kind === 'yarn-zip') found.push(yarnZipPackage(fs, root.id));
    else {
      const listed = (root.kind === 'dist-info' ? distInfoPackage : eggInfoPackage)(fs, root.id, notes);
      pythonLists.push([found.length, listed]);
      found.push(listed.found);
    }
  }
}

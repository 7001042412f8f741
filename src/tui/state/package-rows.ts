/**
 * The rows of the packages pane for a sort: the package report's instances by size (as the
 * report lists them), by inodes or by name. Each row is a package and where enter lands: the
 * layer that added it (0-based) and its directory, or the database that lists it. Pure.
 */
import type { PackageInstance, PackageReport } from '../../analysis/packages/package-model.js';
import { PACKAGE_SORTS } from './overlay-keys.js';

export interface PackageRow {
  item: PackageInstance;
  layer: number;
  path: string;
}

const byPath = (a: PackageInstance, b: PackageInstance) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const COMPARE: Record<(typeof PACKAGE_SORTS)[number], (a: PackageInstance, b: PackageInstance) => number> = {
  size: (a, b) => b.bytes - a.bytes || b.inodes - a.inodes || byPath(a, b),
  inodes: (a, b) => b.inodes - a.inodes || b.bytes - a.bytes || byPath(a, b),
  name: (a, b) => byText(a.name, b.name) || byText(a.version, b.version) || byPath(a, b),
};

export function packageRows(report: PackageReport, sort: number): PackageRow[] {
  const cmp = COMPARE[PACKAGE_SORTS[sort] ?? 'size'];
  return [...report.packages].sort(cmp).map((item) => ({ item, layer: item.addedIn - 1, path: item.path }));
}

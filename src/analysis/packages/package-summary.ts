/** The report's order and summaries: packages largest first, totals per ecosystem, duplicates. Pure. */
import { ECOSYSTEMS, type DuplicatePackage, type PackageInstance, type PackageTotals } from './package-model.js';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Bytes, then inodes, descending; then path, name and version, so that one image gives one order. */
export function sortPackages(packages: PackageInstance[]): PackageInstance[] {
  return packages.sort(
    (a, b) =>
      b.bytes - a.bytes ||
      b.inodes - a.inodes ||
      byText(a.path, b.path) ||
      byText(a.name, b.name) ||
      byText(a.version, b.version),
  );
}

export function totalsOf(packages: PackageInstance[]): PackageTotals[] {
  const totals = new Map<string, PackageTotals>();
  for (const p of packages) {
    let t = totals.get(p.ecosystem);
    if (!t) totals.set(p.ecosystem, (t = { ecosystem: p.ecosystem, packages: 0, bytes: 0, files: 0, inodes: 0 }));
    t.packages++;
    t.bytes += p.bytes;
    t.files += p.files;
    t.inodes += p.inodes;
  }
  return ECOSYSTEMS.flatMap((e) => totals.get(e) ?? []);
}

/** Names shipped at more than one instance in one ecosystem, the most extra bytes first. */
export function duplicatesOf(packages: PackageInstance[]): DuplicatePackage[] {
  const groups = new Map<string, PackageInstance[]>();
  for (const p of packages) {
    const key = `${p.ecosystem}\0${p.name}`;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  const out: DuplicatePackage[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const sum = group.reduce((a, p) => a + p.bytes, 0);
    const largest = group.reduce((a, p) => Math.max(a, p.bytes), 0);
    out.push({
      ecosystem: group[0].ecosystem,
      name: group[0].name,
      versions: [...new Set(group.map((p) => p.version))].sort(byText),
      instances: group.length,
      extraBytes: sum - largest,
    });
  }
  return out.sort(
    (a, b) =>
      b.extraBytes - a.extraBytes ||
      b.instances - a.instances ||
      byText(a.ecosystem, b.ecosystem) ||
      byText(a.name, b.name),
  );
}

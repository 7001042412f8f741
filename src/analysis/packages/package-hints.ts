/**
 * The node_modules hints of inspect, naming their biggest packages: a hint says how much a
 * node_modules holds, the names say where to start. Pure.
 */
import type { Hint } from '../hints/hints.js';
import type { PackageReport } from './package-model.js';

/** Packages named in each node_modules hint. */
const NAMED = 3;

/** `hints`, each present node_modules hint with the largest packages below its path (largest first). */
export function withLargestPackages(hints: Hint[], report: PackageReport): Hint[] {
  return hints.map((h) => {
    if (h.kind !== 'node-modules' || h.status !== 'present' || h.path === null) return h;
    const below = `${h.path}/`;
    // report.packages is largest first.
    const largest = report.packages
      .filter((p) => p.ecosystem === 'npm' && p.path.startsWith(below))
      .slice(0, NAMED)
      .map((p) => ({ name: p.name, version: p.version, bytes: p.bytes }));
    return largest.length > 0 ? { ...h, largestPackages: largest } : h;
  });
}

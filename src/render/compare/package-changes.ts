/** The package changes of a step as phrases and rows, shared by the diff and series renderers. No colour here. */
import type { PackageChange, PackageDiff } from '../../analysis/compare/package-diff.js';
import { formatCount } from '../common/format.js';
import { signedBytes, signedCount } from './compare-format.js';

type Code = (s: string) => string;
const plain: Code = (s) => s;

export function hasPackageChanges(d: PackageDiff): boolean {
  return d.added.packages + d.removed.packages + d.changed.packages > 0;
}

/**
 * One line, e.g. "1 changed (express 4.18.2 → 4.19.0), 7 added (axios and 6 more), 1 removed
 * (debug); +1.2 MB, +340 inodes" — the largest of each kind named; null when nothing changed.
 */
export function packageSummary(d: PackageDiff, code: Code = plain, text: Code = plain): string | null {
  if (!hasPackageChanges(d)) return null;
  const kinds = [
    kindText('changed', d.changed.packages, d.largestChanged[0], code, text),
    kindText('added', d.added.packages, d.largestAdded[0], code),
    kindText('removed', d.removed.packages, d.largestRemoved[0], code),
  ];
  return `${kinds.join(', ')}; ${signedBytes(d.net.bytes)}, ${signedCount(d.net.inodes)} inodes`;
}

/** `text` given: the changed kind, whose first is named with its versions (escaped by `text`). */
function kindText(kind: string, count: number, first: PackageChange | undefined, code: Code, text?: Code) {
  if (count === 0 || !first) return `${formatCount(count)} ${kind}`;
  const named = text ? `${code(first.name)} ${text(versionText(first))}` : code(first.name);
  return `${formatCount(count)} ${kind} (${named}${count > 1 ? ` and ${formatCount(count - 1)} more` : ''})`;
}

/** "4.18.2 → 4.19.0", or the one version; "?" for a version the image does not say. */
export function versionText(c: PackageChange): string {
  const v = (s: string | null) => (s === null ? '' : s === '' ? '?' : s);
  if (c.versionBefore === null || c.versionAfter === null) return v(c.versionAfter ?? c.versionBefore);
  return c.versionBefore === c.versionAfter
    ? `${v(c.versionAfter)}, same version`
    : `${v(c.versionBefore)} → ${v(c.versionAfter)}`;
}

/** The listed changes (changed, then added, then removed; each largest first): change, Δ size, Δ inodes, package, version, path. */
export function packageChangeRows(d: PackageDiff, code: Code = plain): string[][] {
  return [...d.largestChanged, ...d.largestAdded, ...d.largestRemoved].map((c) => [
    c.change,
    signedBytes(c.bytesDelta),
    signedCount(c.inodesDelta),
    code(c.name),
    versionText(c),
    code(c.path),
  ]);
}

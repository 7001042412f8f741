/** Values of budget results as text, shared by the check renderers. */
import type { RuleResult, Status } from '../../analysis/budget/evaluate.js';
import { unitBytes } from '../../analysis/budget/config/units.js';
import { ESTIMATE_MARK, formatBytes, formatCount, formatPercent } from '../common/format.js';

/** A value of a result; sizes in the unit the limit was written in (the limit always, the actual when it reads well). */
export function formatValue(r: RuleResult, v: number | null, isLimit = false): string {
  if (v === null) return '—';
  switch (r.kind) {
    case 'size':
      return r.unit ? formatInUnit(v, r.unit, isLimit) : formatBytes(v);
    case 'percent':
      return formatPercent(v);
    default:
      return formatCount(v);
  }
}

/**
 * A size in the unit its limit was written in (a 1.5GiB budget reads "1.5 GiB", not "1.61 GB"):
 * two decimals from 1 up, three significant digits below, no trailing zeros. An actual value
 * below 1% of the unit reads better in the usual units (2.33 MB, not 0.00217 GiB).
 */
function formatInUnit(bytes: number, unit: string, isLimit: boolean): string {
  const factor = unitBytes(unit);
  if (!factor || (!isLimit && Math.abs(bytes) < factor / 100)) return formatBytes(bytes);
  const n = bytes / factor;
  const rounded = Math.abs(n) >= 1 || n === 0 ? Number(n.toFixed(2)) : Number(n.toPrecision(3));
  return `${rounded.toLocaleString('en-US', { maximumFractionDigits: 6 })} ${unit}`;
}

/** A rule that counts what it found (forbidden paths and packages): none is allowed. */
const counts = (r: RuleResult) => r.kind === 'paths' || r.kind === 'packages';

/** The actual value as a table cell: "2 found" / "none" for what may not be found, else the figure. */
export function actualCell(r: RuleResult): string {
  return counts(r) ? (r.actual ? `${r.actual} found` : 'none') : formatActual(r);
}

/** The actual value, with "≈" in front when it is an estimate. */
export function formatActual(r: RuleResult): string {
  return `${r.estimated && r.actual !== null ? ESTIMATE_MARK : ''}${formatValue(r, r.actual)}`;
}

export function formatLimit(r: RuleResult): string {
  if (r.limit === null) return '—';
  if (counts(r)) return 'none allowed';
  return `${r.direction === 'max' ? '≤' : '≥'} ${formatValue(r, r.limit, true)}`;
}

export const STATUS_LABEL: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

/** One sentence per result, for annotations and JUnit messages. */
export function resultSentence(r: RuleResult): string {
  const value =
    r.kind === 'paths'
      ? (r.note ?? 'none found')
      : r.kind === 'packages'
        ? `${actualCell(r)}${r.note ? ` (${r.note})` : ''}`
        : `${formatActual(r)} (limit ${formatLimit(r)})`;
  const culprit = r.culprit ? `; culprit: ${r.culprit}` : '';
  const note = !counts(r) && r.note ? `; ${r.note}` : '';
  return `${r.title}: ${value}${culprit}${note}`;
}

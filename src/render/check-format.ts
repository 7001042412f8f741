/** Values of budget results as text, shared by the check renderers. */
import type { RuleResult, Status } from '../budget/evaluate.js';
import { ESTIMATE_MARK, formatBytes, formatCount, formatPercent } from './format.js';

export function formatValue(r: RuleResult, v: number | null): string {
  if (v === null) return '—';
  switch (r.kind) {
    case 'size':
      return formatBytes(v);
    case 'percent':
      return formatPercent(v);
    default:
      return formatCount(v);
  }
}

/** The actual value, with "≈" in front when it is an estimate. */
export function formatActual(r: RuleResult): string {
  return `${r.estimated && r.actual !== null ? ESTIMATE_MARK : ''}${formatValue(r, r.actual)}`;
}

export function formatLimit(r: RuleResult): string {
  if (r.limit === null) return '—';
  if (r.kind === 'paths') return 'none allowed';
  return `${r.direction === 'max' ? '≤' : '≥'} ${formatValue(r, r.limit)}`;
}

export const STATUS_LABEL: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

/** One sentence per result, for annotations and JUnit messages. */
export function resultSentence(r: RuleResult): string {
  const value = r.kind === 'paths' ? (r.note ?? 'none found') : `${formatActual(r)} (limit ${formatLimit(r)})`;
  const culprit = r.culprit ? `; culprit: ${r.culprit}` : '';
  const note = r.kind !== 'paths' && r.note ? `; ${r.note}` : '';
  return `${r.title}: ${value}${culprit}${note}`;
}

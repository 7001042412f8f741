/** The check results as a terminal table, then one summary line. */
import type { CheckSummary, RuleResult } from '../budget/evaluate.js';
import { formatLimit, formatActual, STATUS_LABEL } from './check-format.js';
import type { Style } from './style.js';
import { plainTable, tableText } from './table.js';
import { truncate } from './format.js';

export function renderCheckText(reference: string, results: RuleResult[], summary: CheckSummary, style: Style, width: number): string {
  const table = plainTable(['STATUS', 'RULE', 'ACTUAL', 'LIMIT', 'CULPRIT'].map((h) => style.bold(h)), ['left', 'left', 'right', 'right', 'left']);
  const colour = { pass: style.green, warn: style.yellow, fail: style.red, skip: style.dim };
  for (const r of results) {
    const actual = r.kind === 'paths' ? (r.actual ? `${r.actual} found` : 'none') : formatActual(r);
    const culprit = [r.culprit, r.note].filter(Boolean).join(' — ');
    table.push([colour[r.status](STATUS_LABEL[r.status]), r.id, actual, formatLimit(r), truncate(culprit, Math.max(30, width - 70))]);
  }
  const line = `${reference}: ${STATUS_LABEL[summary.status]} — ${summary.pass} passed, ${summary.warn} warned, ${summary.fail} failed, ${summary.skip} skipped`;
  return `${tableText(table)}\n\n${colour[summary.status](line)}\n`;
}

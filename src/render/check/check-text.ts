/** The check results as a terminal table, then one summary line; rule names and culprits shorten to fit `width`. */
import type { CheckSummary, RuleResult, Status } from '../../analysis/budget/evaluate.js';
import { fitLines } from '../common/cells.js';
import { actualCell, formatLimit, STATUS_LABEL } from './check-format.js';
import type { Style } from '../common/style.js';
import { fittedTableText } from '../common/table.js';
import { visibleStrings } from '../common/safe-text.js';

export function renderCheckText(
  rawReference: string,
  rawResults: RuleResult[],
  summary: CheckSummary,
  style: Style,
  width: number,
): string {
  const [reference, results] = visibleStrings([rawReference, rawResults] as const);
  const colour: Record<Status, (s: string) => string> = {
    pass: style.green,
    warn: style.yellow,
    fail: style.red,
    skip: style.dim,
  };
  const rows = results.map((r) => {
    const actual = actualCell(r);
    return [STATUS_LABEL[r.status], r.id, actual, formatLimit(r), [r.culprit, r.note].filter(Boolean).join(' — ')];
  });
  const spec = {
    head: ['STATUS', 'RULE', 'ACTUAL', 'LIMIT', 'CULPRIT'],
    aligns: ['left', 'left', 'right', 'right', 'left'] as const,
    rows,
    shorten: [1, 4],
    middle: [1],
  };
  const table = fittedTableText({ ...spec, aligns: [...spec.aligns] }, width, style, ([status, ...rest], i) => [
    colour[results[i].status](status),
    ...rest,
  ]);
  const line = `${reference}: ${STATUS_LABEL[summary.status]} — ${summary.pass} passed, ${summary.warn} warned, ${summary.fail} failed, ${summary.skip} skipped`;
  return fitLines(`${table}\n\n${colour[summary.status](line)}\n`, width);
}

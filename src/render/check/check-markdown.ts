/** The check results as GitHub-flavoured markdown, for PR comments and job summaries. */
import type { CheckSummary, RuleResult } from '../../analysis/budget/evaluate.js';
import { actualCell, formatLimit, STATUS_LABEL } from './check-format.js';
import { mdCode, mdTable, mdText } from '../common/markdown.js';
import { visibleStrings } from '../common/safe-text.js';

const ICON = { pass: '✅', warn: '⚠️', fail: '❌', skip: '⏭️' };

export function renderCheckMarkdown(rawReference: string, rawResults: RuleResult[], summary: CheckSummary): string {
  const [reference, results] = visibleStrings([rawReference, rawResults] as const);
  const rows = results.map((r) => {
    const actual = actualCell(r);
    const culprit = [r.culprit, r.note].filter(Boolean).join(' — ');
    return [
      `${ICON[r.status]} ${STATUS_LABEL[r.status]}`,
      mdCode(r.id),
      mdText(actual),
      mdText(formatLimit(r)),
      mdText(culprit),
    ];
  });
  const lines = [
    `### layerscope check: ${ICON[summary.status]} ${STATUS_LABEL[summary.status]} — ${mdCode(reference)}`,
    '',
    `${summary.pass} passed, ${summary.warn} warned, ${summary.fail} failed, ${summary.skip} skipped`,
    '',
    mdTable(['status', 'rule', 'actual', 'limit', 'culprit'], rows, ['l', 'l', 'r', 'r', 'l']),
  ];
  return `${lines.join('\n')}\n`;
}

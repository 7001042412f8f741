/** The check results as GitHub-flavoured markdown, for PR comments and job summaries. */
import type { CheckSummary, RuleResult } from '../budget/evaluate.js';
import { formatLimit, formatActual, STATUS_LABEL } from './check-format.js';

const ICON = { pass: '✅', warn: '⚠️', fail: '❌', skip: '⏭️' };
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderCheckMarkdown(reference: string, results: RuleResult[], summary: CheckSummary): string {
  const lines = [
    `### layerscope check: ${ICON[summary.status]} ${STATUS_LABEL[summary.status]} — \`${cell(reference)}\``,
    '',
    `${summary.pass} passed, ${summary.warn} warned, ${summary.fail} failed, ${summary.skip} skipped`,
    '',
    '| status | rule | actual | limit | culprit |',
    '|---|---|---:|---:|---|',
  ];
  for (const r of results) {
    const actual = r.kind === 'paths' ? (r.actual ? `${r.actual} found` : 'none') : formatActual(r);
    const culprit = [r.culprit, r.note].filter(Boolean).join(' — ');
    lines.push(`| ${ICON[r.status]} ${STATUS_LABEL[r.status]} | \`${cell(r.id)}\` | ${actual} | ${cell(formatLimit(r))} | ${cell(culprit)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** The check results as JUnit XML: one test case per rule; FAIL is a failure, SKIP skipped, WARN passes with system-out. */
import type { CheckSummary, RuleResult } from '../../analysis/budget/evaluate.js';
import { resultSentence } from './check-format.js';
import { visibleStrings } from '../common/safe-text.js';

const escape = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function renderCheckJunit(rawReference: string, rawResults: RuleResult[], summary: CheckSummary): string {
  const [reference, results] = visibleStrings([rawReference, rawResults] as const);
  const cases = results.map((r) => {
    const open = `    <testcase classname="layerscope.check" name="${escape(r.id)}">`;
    const text = escape(resultSentence(r));
    if (r.status === 'fail')
      return `${open}\n      <failure message="${text}" type="budget">${text}</failure>\n    </testcase>`;
    if (r.status === 'skip')
      return `${open}\n      <skipped message="${escape(r.note ?? 'skipped')}"/>\n    </testcase>`;
    if (r.status === 'warn') return `${open}\n      <system-out>WARN ${text}</system-out>\n    </testcase>`;
    return `${open}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="layerscope" tests="${results.length}" failures="${summary.fail}" skipped="${summary.skip}">`,
    `  <testsuite name="layerscope check ${escape(reference)}" tests="${results.length}" failures="${summary.fail}" errors="0" skipped="${summary.skip}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** `layerscope series REF… --markdown`: the series as a PR comment, with bars in the trend table. */
import type { SeriesReport } from '../../analysis/compare/series-report.js';
import { bar } from '../common/bars.js';
import { pullBasis, versionLabels } from './compare-format.js';
import { countOf, formatBytes } from '../common/format.js';
import { mdCode, mdTable, mdText } from '../common/markdown.js';
import { alwaysNewText, seriesFindings, seriesPackageLines, stepCells, totalCells } from './series-text.js';
import { visibleStrings } from '../common/safe-text.js';

const HEAD = [
  'step',
  'from → to',
  'shared',
  'new',
  'pull',
  'new on disk',
  'new inodes',
  'reuse',
  'added',
  'removed',
  'modified',
];
const BAR_WIDTH = 16;

export function renderSeriesMarkdown(raw: SeriesReport): string {
  const r = visibleStrings(raw);
  const labels = versionLabels(r.versions.map((v) => v.reference));
  const code = labels.map(mdCode);
  const rows = r.steps.map((s, i) => stepCells(s, i, code));
  const total = totalCells(r.totals).map((c) => (c === '' ? '' : `**${c}**`));
  const parts = [
    `### Release series: ${code.join(' → ')}`,
    mdTable(HEAD, [...rows, total], ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']),
    `**Every release:** ${alwaysNewText(r.alwaysNew, r.totals.steps, mdCode)}.`,
    `**Host after every version:** ${formatBytes(r.totals.hostSize)} on disk, ${countOf(r.totals.hostInodes, 'inode')}.`,
    mdTable(
      ['version', 'size', '', 'new', ''],
      r.trend.map((t, i) => [
        code[i],
        formatBytes(t.size),
        bar(t.size, maxOf(r.trend.map((x) => x.size)), BAR_WIDTH),
        t.newSize === null ? '' : formatBytes(t.newSize),
        bar(t.newSize ?? 0, maxOf(r.trend.map((x) => x.newSize ?? 0)), BAR_WIDTH),
      ]),
      ['l', 'r', 'l', 'r', 'l'],
    ),
  ];
  const packages = seriesPackageLines(r, code, mdCode, mdText);
  if (packages.length > 0) parts.push(`**Packages**\n\n${packages.map((p) => `- ${p}`).join('\n')}`);
  const findings = seriesFindings(r, code, mdCode, mdText);
  if (findings.length > 0) parts.push(`**Findings**\n\n${findings.map((f) => `- ${f}`).join('\n')}`);
  const notes = [...new Set(r.steps.map((s) => pullBasis(s.layers.pull)).filter((n): n is string => n !== null))];
  for (const n of notes) parts.push(`<sub>${mdText(n)}</sub>`);
  return `${parts.join('\n\n')}\n`;
}

const maxOf = (values: number[]) => Math.max(0, ...values);

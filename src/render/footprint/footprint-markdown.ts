/** The footprint report as GitHub-flavoured markdown, for CI comments and pull requests. */
import type { FootprintReport } from '../../analysis/footprint/footprint-report.js';
import { footprintSections, hostLines, modelLine, type Section } from './footprint-sections.js';
import { mdCell, mdText } from '../common/markdown.js';
import { visibleStrings } from '../common/safe-text.js';

function sectionMarkdown(s: Section): string {
  const line = (cells: string[]) => `| ${cells.map((c) => mdCell(mdText(c))).join(' | ')} |`;
  const rule = `|${s.aligns.map((a) => (a === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  const bold = (row: string[]) => `| ${row.map((c) => (c === '' ? '' : `**${mdText(c)}**`)).join(' | ')} |`;
  const table = [line(s.head), rule, ...s.rows.map(line), ...s.footer.map(bold)].join('\n');
  return [`### ${mdText(s.title)}`, '', table, '', ...s.notes.map((n) => `_${mdText(n)}_`)].join('\n');
}

export function renderFootprintMarkdown(raw: FootprintReport): string {
  const report = visibleStrings(raw);
  const parts = [
    '## Host footprint',
    '',
    mdText(modelLine(report)),
    '',
    ...footprintSections(report).map((s) => `${sectionMarkdown(s)}\n`),
  ];
  if (report.fit)
    parts.push(['### Host', '', ...hostLines(report, report.fit).map((l) => `- ${mdText(l)}`)].join('\n'));
  return `${parts.join('\n').trimEnd()}\n`;
}

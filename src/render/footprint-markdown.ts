/** The footprint report as GitHub-flavoured markdown, for CI comments and pull requests. */
import type { FootprintReport } from '../analysis/footprint-report.js';
import { footprintSections, hostLines, modelLine, type Section } from './footprint-sections.js';

const escapeCell = (c: string): string => c.replace(/\|/g, '\\|');

function sectionMarkdown(s: Section): string {
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = `|${s.aligns.map((a) => (a === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  const footer = s.footer.map((row) => row.map((c) => (c === '' ? '' : `**${c}**`)));
  const table = [line(s.head), rule, ...s.rows.map(line), ...footer.map(line)].join('\n');
  return [`### ${s.title}`, '', table, '', ...s.notes.map((n) => `_${n}_`)].join('\n');
}

export function renderFootprintMarkdown(report: FootprintReport): string {
  const parts = ['## Host footprint', '', modelLine(report), '', ...footprintSections(report).map((s) => `${sectionMarkdown(s)}\n`)];
  if (report.fit) parts.push(['### Host', '', ...hostLines(report, report.fit).map((l) => `- ${l}`)].join('\n'));
  return `${parts.join('\n').trimEnd()}\n`;
}

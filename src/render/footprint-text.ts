/** The footprint report as terminal tables. */
import type { FootprintReport } from '../analysis/footprint-report.js';
import { footprintSections, hostLines, modelLine, type Section } from './footprint-sections.js';
import type { Style } from './style.js';
import { plainTable, tableText } from './table.js';

function sectionText(s: Section, style: Style): string {
  const table = plainTable(s.head.map((h) => style.bold(h)), s.aligns);
  for (const row of s.rows) table.push(row);
  for (const row of s.footer) table.push(row.map((c) => style.bold(c)));
  const notes = s.notes.map((n) => style.dim(n));
  return [style.bold(s.title), tableText(table), ...notes].join('\n');
}

export function renderFootprintText(report: FootprintReport, style: Style): string {
  const parts = [modelLine(report), ...footprintSections(report).map((s) => sectionText(s, style))];
  if (report.fit) parts.push([style.bold('Host'), ...hostLines(report, report.fit)].join('\n'));
  return `${parts.join('\n\n')}\n`;
}

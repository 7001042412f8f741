/** The footprint report as terminal tables, fitted to the output width. */
import type { FootprintReport } from '../../analysis/footprint/footprint-report.js';
import { fitLines } from '../common/cells.js';
import { footprintSections, hostLines, modelLine, type Section } from './footprint-sections.js';
import type { Style } from '../common/style.js';
import { fittedTableText } from '../common/table.js';
import { visibleStrings } from '../common/safe-text.js';

function sectionText(s: Section, style: Style, width: number): string {
  const table = fittedTableText(
    { head: s.head, aligns: s.aligns, rows: s.rows, footer: s.footer, shorten: s.shorten, middle: [], drop: s.drop },
    width,
    style,
  );
  const notes = s.notes.map((n) => style.dim(n));
  return [style.bold(s.title), table, ...notes].join('\n');
}

/** `width`: terminal cells (Infinity: no limit). */
export function renderFootprintText(raw: FootprintReport, style: Style, width: number): string {
  const report = visibleStrings(raw);
  const parts = [modelLine(report), ...footprintSections(report).map((s) => sectionText(s, style, width))];
  if (report.fit) parts.push([style.bold('Host'), ...hostLines(report, report.fit)].join('\n'));
  return fitLines(`${parts.join('\n\n')}\n`, width);
}

/** `layerscope packages --markdown`: the same sections as the text, as GitHub tables (for CI comments). */
import type { PackageReport } from '../../analysis/packages/package-model.js';
import { mdTable, mdText } from '../common/markdown.js';
import { moreLine, packageNotes, packageSections } from './packages-sections.js';

export function renderPackagesMarkdown(report: PackageReport, top: number): string {
  const parts = ['## Packages', ''];
  for (const s of packageSections(report, { top })) {
    const align = s.aligns.map((a) => (a === 'right' ? ('r' as const) : ('l' as const)));
    const bold = s.footer.map((row) => row.map((c) => (c === '' ? '' : `**${mdText(c)}**`)));
    parts.push(
      `### ${mdText(s.title)}`,
      '',
      mdTable(s.head, [...s.rows.map((r) => r.map(mdText)), ...bold], align),
      '',
    );
    const more = s.title.startsWith('Largest') ? moreLine(report, top) : undefined;
    if (more) parts.push(`_${mdText(more)}_`, '');
  }
  for (const note of packageNotes(report)) parts.push(`_${mdText(note)}_`, '');
  return `${parts.join('\n').trimEnd()}\n`;
}

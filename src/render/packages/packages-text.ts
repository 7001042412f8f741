/** `layerscope packages` as terminal tables, fitted to the output width. */
import type { PackageReport } from '../../analysis/packages/package-model.js';
import { visible, visibleStrings } from '../common/safe-text.js';
import type { Style } from '../common/style.js';
import { fittedTableText } from '../common/table.js';
import { moreLine, packageNotes, packageSections } from './packages-sections.js';

export function renderPackagesText(raw: PackageReport, style: Style, width: number, top: number): string {
  const report = visibleStrings(raw);
  const out: string[] = [];
  for (const s of packageSections(report, { top })) {
    out.push(style.bold(s.title));
    out.push(
      fittedTableText(
        {
          head: s.head,
          aligns: s.aligns,
          rows: s.rows,
          footer: s.footer,
          shorten: s.shorten,
          middle: s.shorten.filter((i) => s.head[i] === 'PATH'),
        },
        width,
        style,
      ),
    );
    if (s.title.startsWith('Largest')) out.push(style.dim(moreLine(report, top) ?? ''));
    out.push('');
  }
  for (const note of packageNotes(report)) out.push(style.dim(visible(note)));
  return `${out.join('\n')}\n`;
}

/** `inspect --files`: the largest files and the heaviest directories of a view, as tables. */
import type { FilesReport } from '../../analysis/report/image-analysis.js';
import { fitLines } from '../common/cells.js';
import { formatBytes, formatCount, truncate } from '../common/format.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';
import type { Style } from '../common/style.js';
import { fittedTableText } from '../common/table.js';
import { visibleStrings } from '../common/safe-text.js';

/** `createdBy` of each layer, by 0-based index, to name the layer a view shows; paths shorten to fit `width`. */
export function renderFilesText(raw: FilesReport, rawCreatedBy: string[], style: Style, width: number): string {
  const [r, createdBy] = visibleStrings([raw, rawCreatedBy] as const);
  const where = viewTitle(r.layer, createdBy);
  const parts: string[] = [];
  if (r.sort === 'size') {
    const rows = r.files.map((f) => [formatBytes(f.bytes), String(f.layer), f.path]);
    const files = fittedTableText(
      { head: ['SIZE', 'LAYER', 'PATH'], aligns: ['right', 'right', 'left'], rows, shorten: [2] },
      width,
      style,
    );
    parts.push(`${style.bold(`Largest files (${where})`)}\n${r.files.length > 0 ? files : '  (no files)'}`);
  }
  const rows = r.directories.map((d) => [formatBytes(d.bytes), formatCount(d.inodes), formatCount(d.files), d.path]);
  const dirs = fittedTableText(
    { head: ['SIZE', 'INODES', 'FILES', 'PATH'], aligns: ['right', 'right', 'right', 'left'], rows, shorten: [3] },
    width,
    style,
  );
  const by = r.sort === 'size' ? 'size' : 'inodes';
  parts.push(
    `${style.bold(`Directories by ${by} (${where})`)}\n${r.directories.length > 0 ? dirs : '  (no directories)'}`,
  );
  return fitLines(`${parts.join('\n\n')}\n`, width);
}

export function viewTitle(layer: number | null, createdBy: string[]): string {
  if (layer === null) return 'final file system';
  const cmd = cleanCreatedBy(createdBy[layer - 1] ?? '');
  return `layer ${layer}${cmd ? ` \`${truncate(cmd, 60)}\`` : ''}`;
}

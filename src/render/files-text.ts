/** `inspect --files`: the largest files and the heaviest directories of a view, as tables. */
import type { FilesReport } from '../analysis/image-analysis.js';
import { cleanCreatedBy, formatBytes, formatCount, truncate } from './format.js';
import type { Style } from './style.js';
import { plainTable } from './table.js';

/** `createdBy` of each layer, by 0-based index, to name the layer a view shows. */
export function renderFilesText(r: FilesReport, createdBy: string[], style: Style): string {
  const where = viewTitle(r.layer, createdBy);
  const parts: string[] = [];
  if (r.sort === 'size') {
    const files = plainTable([style.bold('SIZE'), style.bold('LAYER'), style.bold('PATH')], ['right', 'right', 'left']);
    for (const f of r.files) files.push([formatBytes(f.bytes), String(f.layer), f.path]);
    parts.push(`${style.bold(`Largest files (${where})`)}\n${r.files.length > 0 ? trimLines(files.toString()) : '  (no files)'}`);
  }
  const dirs = plainTable([style.bold('SIZE'), style.bold('INODES'), style.bold('FILES'), style.bold('PATH')], ['right', 'right', 'right', 'left']);
  for (const d of r.directories) dirs.push([formatBytes(d.bytes), formatCount(d.inodes), formatCount(d.files), d.path]);
  const by = r.sort === 'size' ? 'size' : 'inodes';
  parts.push(`${style.bold(`Directories by ${by} (${where})`)}\n${r.directories.length > 0 ? trimLines(dirs.toString()) : '  (no directories)'}`);
  return `${parts.join('\n\n')}\n`;
}

export function viewTitle(layer: number | null, createdBy: string[]): string {
  if (layer === null) return 'final file system';
  const cmd = cleanCreatedBy(createdBy[layer - 1] ?? '');
  return `layer ${layer}${cmd ? ` \`${truncate(cmd, 60)}\`` : ''}`;
}

/** cli-table3 pads the last column to its widest cell; drop that padding. */
const trimLines = (text: string) => text.split('\n').map((l) => l.trimEnd()).join('\n');

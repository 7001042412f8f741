/** The inspect report as a terminal table, with a totals row and an image summary. */
import { layerFiles, type LayerReport, type LayerRow, type Totals } from '../../analysis/report/layer-report.js';
import { fitLines } from '../common/cells.js';
import { formatBytes, formatCount } from '../common/format.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';
import type { Style } from '../common/style.js';
import type { Align } from '../common/plain-table.js';
import { fittedTableText } from '../common/table.js';
import { visibleStrings } from '../common/safe-text.js';

const HEAD = ['#', 'SIZE', 'COMPRESSED', 'FILES', 'DIRS', 'SYMLINKS', 'HARDLINKS', 'WHITEOUTS', 'INODES', 'CREATED BY'];
const ALIGNS: Align[] = ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'];
/** Left out first when the terminal is narrow: whiteouts, hardlinks, symlinks, directories, compressed size. */
const DROP = [7, 6, 5, 4, 2];
const NOT_SCANNED = 'not scanned';

/** `width`: terminal cells (Infinity: no limit); CREATED BY shortens, then columns are left out. */
export function renderInspectText(raw: LayerReport, style: Style, width: number): string {
  const report = visibleStrings(raw);
  const scanned = report.image.scanned;
  const rows = report.rows.map((r) => rowCells(r, scanned));
  const spec = {
    head: HEAD,
    aligns: ALIGNS,
    rows,
    footer: [totalCells(report.totals, scanned)],
    shorten: [HEAD.length - 1],
    drop: DROP,
  };
  const table = fittedTableText(spec, width, style, (row, i) =>
    report.rows[i].emptyLayer ? row.map((c) => style.dim(c)) : row,
  );
  return fitLines(`${table}\n\n${summaryLines(report, style).join('\n')}\n`, width);
}

function rowCells(r: LayerRow, scanned: boolean): string[] {
  const counted = (n: number | undefined | null) => (r.emptyLayer ? '' : scanned ? formatCount(n) : '');
  return [
    r.layer === null ? '' : String(r.layer),
    r.emptyLayer ? '0 B' : formatBytes(r.size),
    r.emptyLayer ? '' : formatBytes(r.compressedBytes),
    r.emptyLayer || !scanned ? (r.emptyLayer ? '' : NOT_SCANNED) : formatCount(layerFiles(r.counts)),
    counted(r.counts?.dirs),
    counted(r.counts?.symlinks),
    counted(r.counts?.hardlinks),
    counted(r.counts?.whiteouts),
    counted(r.inodes),
    cleanCreatedBy(r.createdBy) || (r.emptyLayer ? '' : '(no history)'),
  ];
}

function totalCells(t: Totals, scanned: boolean): string[] {
  const c = (n: number | undefined | null) => (scanned ? formatCount(n) : '');
  return [
    'total',
    formatBytes(t.size),
    formatBytes(t.compressedBytes),
    scanned ? formatCount(layerFiles(t.counts)) : NOT_SCANNED,
    c(t.counts?.dirs),
    c(t.counts?.symlinks),
    c(t.counts?.hardlinks),
    c(t.counts?.whiteouts),
    c(t.inodes),
    '',
  ];
}

function summaryLines(report: LayerReport, style: Style): string[] {
  const { image, totals } = report;
  const label = (s: string) => style.bold(s.padEnd(13));
  const lines = [`${label('Image')}${image.reference}  (${image.source})`, `${label('ID')}${image.id}`];
  if (image.repoTags.length > 0) lines.push(`${label('Tags')}${image.repoTags.join(', ')}`);
  if (image.manifestDigest) lines.push(`${label('Digest')}${image.manifestDigest}`);
  lines.push(
    `${label('Platform')}${image.platform}`,
    `${label('Layers')}${image.layers} (${image.historyEntries} history entries, ${report.rows.filter((r) => r.emptyLayer).length} without a layer)`,
    `${label('Size')}${formatBytes(totals.size)} unpacked, ${formatBytes(totals.tarBytes)} as tar, ${formatBytes(totals.compressedBytes)} compressed`,
    `${label('Inodes')}${image.scanned ? formatCount(totals.inodes) : NOT_SCANNED}`,
  );
  return lines;
}

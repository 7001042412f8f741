/** `layerscope diff A B` as terminal text: the layers of B, reuse and pull, the file diff, churn. */
import type { CompareReport } from '../../analysis/compare/compare-report.js';
import type { DirectoryDelta, FileDiff } from '../../analysis/compare/file-diff.js';
import type { SideTotals } from '../../analysis/compare/image-side.js';
import type { ImageSummary } from '../../analysis/report/layer-report.js';
import type { LayerReuseRow, ReuseStatus } from '../../analysis/compare/layer-reuse.js';
import { churnFindings, command, pullBasis, pullBytes, signedBytes, signedCount } from './compare-format.js';
import { packageChangeRows, packageSummary } from './package-changes.js';
import { fitLines } from '../common/cells.js';
import { countOf, formatBytes, formatCount, formatPercent } from '../common/format.js';
import type { Style } from '../common/style.js';
import type { Align } from '../common/plain-table.js';
import { fittedTableText } from '../common/table.js';
import { visibleStrings } from '../common/safe-text.js';

export const STATUS_TEXT: Record<ReuseStatus, string> = {
  shared: 'shared',
  'same-content': 'same content',
  new: 'new',
};

export function renderCompareText(raw: CompareReport, style: Style, width: number): string {
  const r = visibleStrings(raw);
  const parts = [
    [sideLine('A', r.a, r.totals.a, style), sideLine('B', r.b, r.totals.b, style)].join('\n'),
    fitTable(
      ['#', 'STATUS', 'SIZE', 'PULL', 'INODES', 'IN A', 'CREATED BY'],
      r.layers.rows.map(layerCells),
      style,
      width,
      { drop: [5, 4], decorate: (row, i) => dimShared(row, r.layers.rows[i], style) },
    ),
    summaryLines(r, style).join('\n'),
    ...fileSections(r.files, style, width),
    packageSection(r, style, width),
    ...churnSections(r, style, width),
  ];
  return fitLines(`${parts.filter((p) => p !== '').join('\n\n')}\n`, width);
}

function sideLine(name: string, s: ImageSummary, t: SideTotals, style: Style): string {
  return `${style.bold(name)}  ${s.reference}  ${style.dim(`${countOf(s.layers, 'layer')}, ${formatBytes(t.size)}, ${countOf(t.inodes, 'inode')}`)}`;
}

function layerCells(row: LayerReuseRow): string[] {
  const shared = row.status === 'shared';
  return [
    String(row.layer),
    STATUS_TEXT[row.status],
    formatBytes(row.size),
    shared ? '—' : pullBytes(row.pullBytes, row.pullEstimated),
    formatCount(row.inodes),
    row.layerOfA === null ? '' : String(row.layerOfA),
    command(row.createdBy, Infinity),
  ];
}

const dimShared = (cells: string[], row: LayerReuseRow, style: Style) =>
  row.status === 'shared' ? cells.map((c) => style.dim(c)) : cells;

function summaryLines(r: CompareReport, style: Style): string[] {
  const { layers: l, files: f } = r;
  const label = (s: string) => style.bold(s.padEnd(13));
  const reuse = (c: typeof l.byChainID) => `${c.shared} of ${l.layersB} layers (${formatPercent(c.ratio)} of bytes)`;
  const lines = [
    `${label('Reuse')}by chain ID ${reuse(l.byChainID)}; by diffID ${reuse(l.byDiffID)}`,
    `${label('Pull')}${pullBytes(l.pull.bytes, l.pull.estimated)} for a host that holds A (${l.byChainID.new} new ${l.byChainID.new === 1 ? 'layer' : 'layers'})`,
    `${label('New on disk')}${formatBytes(l.newDisk.size)}, ${countOf(l.newDisk.inodes, 'inode')}`,
    `${label('Final FS')}${signedBytes(f.net.bytes)}, ${signedCount(f.net.inodes)} inodes (B's final file system against A's)`,
    `${label('Files')}${tallyText(f)}`,
  ];
  const note = pullBasis(l.pull);
  if (note) lines.push(style.dim(note));
  if (!f.contentCompared)
    lines.push(style.dim('contents not compared: a scan without content hashes (same-size files count as unchanged)'));
  return lines;
}

export function tallyText(f: FileDiff): string {
  const files = `${formatCount(f.added.files)} added (${signedBytes(f.added.bytes)}), ${formatCount(f.removed.files)} removed (${signedBytes(f.removed.bytes)}), ${formatCount(f.modified.files)} modified (${signedBytes(f.modified.bytes)})`;
  return `${files}; directories ${formatCount(f.added.dirs)} added, ${formatCount(f.removed.dirs)} removed, ${formatCount(f.modified.dirs)} modified`;
}

function fileSections(f: FileDiff, style: Style, width: number): string[] {
  if (f.largestChanges.length === 0 && f.added.dirs + f.removed.dirs + f.modified.dirs === 0)
    return [style.dim('No file changes.')];
  const out: string[] = [];
  for (const [title, first, dirs] of [
    ['Directories by size change', 'bytes', f.topDirectories.byBytes],
    ['Directories by inode change', 'inodes', f.topDirectories.byInodes],
  ] as const)
    if (dirs.length > 0) out.push(`${style.bold(title)}\n${directoryTable(dirs, first, style, width)}`);
  if (f.largestChanges.length > 0) {
    const rows = f.largestChanges.map((c) => [
      c.change,
      signedBytes(c.bytesDelta),
      formatBytes(c.bytesBefore),
      formatBytes(c.bytesAfter),
      c.reasons.join(','),
      c.path,
    ]);
    out.push(
      `${style.bold('Largest changes')}\n${fitTable(['CHANGE', 'Δ SIZE', 'BEFORE', 'AFTER', 'WHAT', 'PATH'], rows, style, width, { shorten: [4, 5], drop: [2, 3] })}`,
    );
  }
  return out;
}

/** Directory deltas as a table, the column they are ranked by (`first`) leading. */
function directoryTable(dirs: DirectoryDelta[], first: 'bytes' | 'inodes', style: Style, width: number): string {
  const headers = first === 'bytes' ? ['Δ SIZE', 'Δ INODES', 'PATH'] : ['Δ INODES', 'Δ SIZE', 'PATH'];
  const rows = dirs.map((d) => {
    const [bytes, inodes] = [signedBytes(d.bytesDelta), signedCount(d.inodesDelta)];
    return [...(first === 'bytes' ? [bytes, inodes] : [inodes, bytes]), d.path];
  });
  return fitTable(headers, rows, style, width);
}

function packageSection(r: CompareReport, style: Style, width: number): string {
  const summary = packageSummary(r.packages);
  if (summary === null) return '';
  const head = ['CHANGE', 'Δ SIZE', 'Δ INODES', 'PACKAGE', 'VERSION', 'PATH'];
  const table = fitTable(head, packageChangeRows(r.packages), style, width, { shorten: [5, 4], drop: [2] });
  return `${style.bold('Packages')}  ${summary}\n${table}`;
}

function churnSections(r: CompareReport, style: Style, width: number): string[] {
  if (!r.churn || r.churn.length === 0) return [];
  const rows = r.churn.map((c) => [
    String(c.layer),
    formatBytes(c.bytes),
    `${formatBytes(c.unchangedBytes)} (${formatPercent(c.unchangedRatio, 0)})`,
    `${formatCount(c.unchangedFiles)} of ${formatCount(c.files)}`,
    command(c.createdBy, Infinity),
  ]);
  const out = [
    `${style.bold('Churn: new layers, and what in them is unchanged since A')}\n${fitTable(['#', 'SIZE', 'UNCHANGED', 'FILES UNCHANGED', 'CREATED BY'], rows, style, width, { drop: [3] })}`,
  ];
  const findings = churnFindings(r.churn);
  if (findings.length > 0) out.push(`${style.bold('Findings')}\n${findings.map((s) => `  ${s}`).join('\n')}`);
  return out;
}

/**
 * A plain table fitted to `width`: the last column (or `shorten`) cut with …, `drop` left out
 * when that is not enough; right-aligned except the text columns. `decorate` styles a row after it is cut.
 */
function fitTable(
  head: string[],
  rows: string[][],
  style: Style,
  width: number,
  opts: { shorten?: number[]; drop?: number[]; decorate?: (cells: string[], i: number) => string[] } = {},
): string {
  const aligns: Align[] = head.map((h, i) =>
    i === head.length - 1 || /^(STATUS|CHANGE|WHAT|STEP|PACKAGE|VERSION)$/.test(h) ? 'left' : 'right',
  );
  return fittedTableText(
    { head, aligns, rows, shorten: opts.shorten ?? [head.length - 1], drop: opts.drop },
    width,
    style,
    opts.decorate,
  );
}

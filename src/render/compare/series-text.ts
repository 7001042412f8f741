/** `layerscope series REF…` as terminal text: per-step table, totals, the always-new layer, trend bars, findings. */
import type { CompareReport } from '../../analysis/compare/compare-report.js';
import type { AlwaysNew, SeriesReport, SeriesTotals } from '../../analysis/compare/series-report.js';
import { bar } from '../common/bars.js';
import { churnFindings, command, pullBasis, pullBytes, versionLabels } from './compare-format.js';
import { packageSummary } from './package-changes.js';
import { cellWidth, fitLines } from '../common/cells.js';
import { countOf, formatBytes, formatCount, formatPercent } from '../common/format.js';
import type { Style } from '../common/style.js';
import { plainTable, tableText, type Align } from '../common/plain-table.js';
import { fittedTableText } from '../common/table.js';
import { visibleStrings } from '../common/safe-text.js';

const HEAD = [
  'STEP',
  'FROM → TO',
  'SHARED',
  'NEW',
  'PULL',
  'NEW ON DISK',
  'NEW INODES',
  'REUSE',
  'ADDED',
  'REMOVED',
  'MODIFIED',
];
const ALIGNS: Align[] = [
  'right',
  'left',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
  'right',
];
/** Left out first when the terminal is narrow. */
const DROP = [10, 9, 8, 6, 2, 7];
const BAR_WIDTH = 24;

/** `width`: terminal cells (Infinity: no limit). */
export function renderSeriesText(raw: SeriesReport, style: Style, width: number): string {
  const r = visibleStrings(raw);
  const labels = versionLabels(r.versions.map((v) => v.reference));
  const spec = {
    head: HEAD,
    aligns: ALIGNS,
    rows: r.steps.map((s, i) => stepCells(s, i, labels)),
    footer: [totalCells(r.totals)],
    shorten: [1],
    drop: DROP,
  };
  const label = (s: string) => style.bold(s.padEnd(15));
  const lines = [
    `${label('Host')}after every version: ${formatBytes(r.totals.hostSize)} on disk, ${countOf(r.totals.hostInodes, 'inode')} (the first version plus each step's new layers)`,
    `${label('Every release')}${alwaysNewText(r.alwaysNew, r.totals.steps)}`,
  ];
  const notes = [...new Set(r.steps.map((s) => pullBasis(s.layers.pull)).filter((n): n is string => n !== null))];
  const parts = [
    `${style.bold('Series')}  ${r.versions.length} versions, ${r.totals.steps} ${r.totals.steps === 1 ? 'step' : 'steps'}: ${labels.join(' → ')}`,
    fittedTableText(spec, width, style),
    [...lines, ...notes.map((n) => style.dim(n))].join('\n'),
    `${style.bold('Trend')}\n${trendTable(r, labels, style, width)}`,
  ];
  const packages = seriesPackageLines(r, labels);
  if (packages.length > 0) parts.push(`${style.bold('Packages')}\n${packages.map((p) => `  ${p}`).join('\n')}`);
  const findings = seriesFindings(r, labels, (s) => `\`${s}\``);
  if (findings.length > 0) parts.push(`${style.bold('Findings')}\n${findings.map((f) => `  ${f}`).join('\n')}`);
  return fitLines(`${parts.join('\n\n')}\n`, width);
}

export function stepCells(s: CompareReport, i: number, labels: string[]): string[] {
  const l = s.layers;
  return [
    String(i + 1),
    `${labels[i]} → ${labels[i + 1]}`,
    `${l.byChainID.shared}/${l.layersB}`,
    String(l.byChainID.new),
    pullBytes(l.pull.bytes, l.pull.estimated),
    formatBytes(l.newDisk.size),
    formatCount(l.newDisk.inodes),
    formatPercent(l.byChainID.ratio),
    formatCount(s.files.added.files),
    formatCount(s.files.removed.files),
    formatCount(s.files.modified.files),
  ];
}

export function totalCells(t: SeriesTotals): string[] {
  return [
    'total',
    '',
    String(t.sharedLayers),
    String(t.newLayers),
    pullBytes(t.pullBytes, t.pullEstimated),
    formatBytes(t.newDiskSize),
    formatCount(t.newInodes),
    formatPercent(t.reuseRatio),
    formatCount(t.filesAdded),
    formatCount(t.filesRemoved),
    formatCount(t.filesModified),
  ];
}

export function alwaysNewText(
  a: AlwaysNew | null,
  steps: number,
  code: (s: string) => string = (s) => `\`${s}\``,
): string {
  if (!a) return 'no layer is new in every step';
  const above =
    a.layersAbove > 0 ? ` (with the ${a.layersAbove} ${a.layersAbove === 1 ? 'layer' : 'layers'} above it)` : '';
  const c = a.cumulative;
  return `layer ${a.layer} ${code(command(a.createdBy, 60))}${above} is new in ${steps === 1 ? 'the one step' : steps === 2 ? 'both steps' : `all ${steps} steps`}: ${pullBytes(c.pullBytes, c.pullEstimated)} pulled, ${formatBytes(c.diskSize)} and ${countOf(c.inodes, 'inode')} added in total`;
}

/** Version, size with a bar scaled to the largest version, new bytes with a bar scaled to the largest step. */
function trendTable(r: SeriesReport, labels: string[], style: Style, width: number): string {
  const maxSize = Math.max(0, ...r.trend.map((t) => t.size));
  const maxNew = Math.max(0, ...r.trend.map((t) => t.newSize ?? 0));
  // Two bars share what the version, size and new-bytes columns and the gaps leave.
  const fixed =
    Math.max(7, ...labels.map(cellWidth)) + 2 * Math.max(4, ...r.trend.map((t) => formatBytes(t.size).length)) + 8;
  const barWidth = Math.max(4, Math.min(BAR_WIDTH, Math.floor((width - fixed) / 2)));
  const table = plainTable(
    ['VERSION', 'SIZE', '', 'NEW', ''].map((h) => style.bold(h)),
    ['left', 'right', 'left', 'right', 'left'],
  );
  r.trend.forEach((t, i) => {
    table.push([
      labels[i],
      formatBytes(t.size),
      bar(t.size, maxSize, barWidth),
      t.newSize === null ? '' : formatBytes(t.newSize),
      style.cyan(bar(t.newSize ?? 0, maxNew, barWidth)),
    ]);
  });
  return tableText(table);
}

/** Every step's churn findings, prefixed with the step. */
export function seriesFindings(
  r: SeriesReport,
  labels: string[],
  code: (s: string) => string,
  text: (s: string) => string = (s) => s,
): string[] {
  return r.steps.flatMap((s, i) =>
    churnFindings(s.churn, code, text).map((f) => `${labels[i]} → ${labels[i + 1]}: ${f}`),
  );
}

/** The package summary of every step that changed packages, prefixed with the step. */
export function seriesPackageLines(
  r: SeriesReport,
  labels: string[],
  code?: (s: string) => string,
  text?: (s: string) => string,
): string[] {
  return r.steps.flatMap((s, i) => {
    const summary = packageSummary(s.packages, code, text);
    return summary === null ? [] : [`${labels[i]} → ${labels[i + 1]}: ${summary}`];
  });
}

/**
 * The analysis part of `inspect`: efficiency and waste (dive-compatible and reclaimable),
 * inode cost, the layers to blame and the heavy-place hints.
 */
import type { BlameRow, ImageAnalysis } from '../../analysis/report/image-analysis.js';
import type { Hint } from '../../analysis/hints/hints.js';
import type { HintKind } from '../../analysis/hints/place-states.js';
import { fitLines } from '../common/cells.js';
import { countOf, formatBytes, formatCount, formatPercent, truncate } from '../common/format.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';
import type { Style } from '../common/style.js';
import { visibleStrings } from '../common/safe-text.js';

const BLAME_ROWS = 5;

const count = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

export function renderAnalysisText(raw: ImageAnalysis, style: Style, width: number): string {
  const a = visibleStrings(raw);
  const label = (s: string) => style.bold(s.padEnd(13));
  const { dive, reclaimable: r, final } = a;
  const lines = [
    `${label('Efficiency')}${formatPercent(dive.efficiency)} (dive)  wasted ${formatBytes(dive.wastedBytes)}  user-wasted ${formatPercent(dive.userWastedPercent)}`,
    `${label('Reclaimable')}${formatBytes(r.bytes)} in ${countOf(r.inodes, 'inode')}: ${formatBytes(r.overwritten.bytes)} overwritten, ${formatBytes(r.deleted.bytes)} deleted later`,
    `${label('Final FS')}${formatBytes(final.bytes)} in ${count(final.files, 'file')}, ${count(final.dirs, 'directory', 'directories')}, ${count(final.symlinks, 'symlink')}, ${count(final.hardlinks, 'hardlink')}`,
    `${label('Inode cost')}${formatCount(final.inodes)} in the final file system, ${formatCount(a.layerTotals.inodes)} unpacked across layers, ${formatCount(r.inodes)} dead`,
  ];
  const blame = r.blame.filter((b) => b.bytes > 0 || b.inodes > 0);
  if (blame.length > 0) {
    lines.push('', style.bold('Waste by layer'));
    for (const b of blame.slice(0, BLAME_ROWS)) lines.push(`  ${truncate(blameLine(b), width - 2)}`);
    if (blame.length > BLAME_ROWS) lines.push(style.dim(`  … ${blame.length - BLAME_ROWS} more (--json has them all)`));
  }
  if (a.hints.length > 0) {
    lines.push('', style.bold('Hints'));
    for (const h of a.hints) lines.push(`  ${hintLine(h)} ${style.dim(`— ${h.advice}`)}`);
  }
  return fitLines(`${lines.join('\n')}\n`, width);
}

/** "layer 6 `chmod -R 755 /app` re-wrote 280 MB / 41,000 files already in layer 4" */
export function blameLine(b: BlameRow): string {
  const cmd = command(b.madeDeadByCommand);
  const amount = `${formatBytes(b.bytes)} / ${b.files > 0 ? count(b.files, 'file') : count(b.inodes, 'directory', 'directories')}`;
  return b.reason === 'overwritten'
    ? `layer ${b.madeDeadBy}${cmd} re-wrote ${amount} already in layer ${b.writtenBy}`
    : `layer ${b.madeDeadBy}${cmd} deleted ${amount} written by layer ${b.writtenBy}${command(b.writtenByCommand)}`;
}

function command(createdBy: string): string {
  const clean = cleanCreatedBy(createdBy);
  return clean ? ` \`${truncate(clean, 48)}\`` : '';
}

const LEFT_BEHIND = new Set<HintKind>(['apt-lists', 'apt-cache', 'npm-cache', 'pip-cache', 'pycache']);

function placeName(h: Hint): string {
  const at = h.path ? ` at ${h.path}` : '';
  switch (h.kind) {
    case 'node-modules':
      return `node_modules${at}`;
    case 'python-packages':
      return `Python packages${at}`;
    case 'pycache':
      return '__pycache__ directories';
    case 'apt-lists':
      return 'apt lists';
    case 'apt-cache':
      return 'apt cache';
    case 'npm-cache':
      return `npm cache${at}`;
    case 'pip-cache':
      return `pip cache${at}`;
    case 'git':
      return `.git${at}`;
    case 'source-maps':
      return 'source maps';
    case 'node-modules-tests':
      return 'test directories in node_modules';
  }
}

const layerList = (layers: number[]) =>
  `${layers.length > 1 ? 'layers' : 'layer'} ${layers.slice(0, 3).join(', ')}${layers.length > 3 ? ` (+${layers.length - 3})` : ''}`;

/** "apt lists left in layer 3: 42 MB, 420 files" */
export function hintLine(h: Hint): string {
  const extra = [
    h.packages !== undefined ? count(h.packages, 'package') : '',
    h.directories !== undefined ? `in ${count(h.directories, 'directory', 'directories')}` : '',
  ].filter(Boolean);
  const largest = h.largestPackages?.length
    ? ` (largest: ${h.largestPackages.map((p) => `${p.name} ${formatBytes(p.bytes)}`).join(', ')})`
    : '';
  const amount = `${formatBytes(h.bytes)}, ${count(h.files, 'file')}${extra.length > 0 ? `, ${extra.join(', ')}` : ''}${largest}`;
  if (h.status === 'deleted-later') {
    return `${placeName(h)} written in ${layerList(h.layers)} and deleted in ${layerList(h.deletedBy ?? [])}: ${amount} still shipped`;
  }
  const verb = LEFT_BEHIND.has(h.kind) ? 'left in' : 'in';
  return `${placeName(h)} ${verb} ${layerList(h.layers)}: ${amount}`;
}

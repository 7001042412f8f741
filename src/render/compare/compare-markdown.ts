/** `layerscope diff A B --markdown`: the comparison as a PR comment (GitHub-flavoured markdown). */
import type { CompareReport } from '../../analysis/compare/compare-report.js';
import type { DirectoryDelta, FileDiff } from '../../analysis/compare/file-diff.js';
import { churnFindings, command, pullBasis, pullBytes, signedBytes, signedCount } from './compare-format.js';
import { STATUS_TEXT, tallyText } from './compare-text.js';
import { packageChangeRows, packageSummary } from './package-changes.js';
import { countOf, formatBytes, formatCount, formatPercent } from '../common/format.js';
import { mdCode, mdTable, mdText } from '../common/markdown.js';
import { visibleStrings } from '../common/safe-text.js';

export function renderCompareMarkdown(raw: CompareReport): string {
  const r = visibleStrings(raw);
  const { layers: l, files: f } = r;
  const parts = [
    `### Image diff: ${mdCode(r.a.reference)} → ${mdCode(r.b.reference)}`,
    mdTable(
      ['', 'A', 'B', 'change'],
      [
        [
          'size',
          formatBytes(r.totals.a.size),
          formatBytes(r.totals.b.size),
          signedBytes(r.totals.b.size - r.totals.a.size),
        ],
        [
          'inodes',
          formatCount(r.totals.a.inodes),
          formatCount(r.totals.b.inodes),
          signedCount(r.totals.b.inodes - r.totals.a.inodes),
        ],
        ['layers', formatCount(r.a.layers), formatCount(r.b.layers), signedCount(r.b.layers - r.a.layers)],
        ['final file system', '', '', `${signedBytes(r.files.net.bytes)}, ${signedCount(r.files.net.inodes)} inodes`],
      ],
      ['l', 'r', 'r', 'r'],
    ),
    hostSentence(r),
    mdTable(
      ['#', 'status', 'size', 'pull', 'inodes', 'created by'],
      l.rows.map((row) => [
        String(row.layer),
        STATUS_TEXT[row.status],
        formatBytes(row.size),
        row.status === 'shared' ? '—' : pullBytes(row.pullBytes, row.pullEstimated),
        formatCount(row.inodes),
        mdCode(command(row.createdBy, 80)),
      ]),
      ['r', 'l', 'r', 'r', 'r', 'l'],
    ),
    `**Files:** ${tallyText(f)}.`,
    ...packages(r),
    ...findings(r),
    ...details(f),
  ];
  const note = pullBasis(l.pull);
  if (note) parts.push(`<sub>${mdText(note)}</sub>`);
  return `${parts.join('\n\n')}\n`;
}

function hostSentence(r: CompareReport): string {
  const l = r.layers;
  return [
    `A host that holds A pulls **${pullBytes(l.pull.bytes, l.pull.estimated)}** and adds **${formatBytes(l.newDisk.size)}** and **${countOf(l.newDisk.inodes, 'inode')}** on disk`,
    `(${l.byChainID.new} new of ${l.layersB} layers).`,
    `Reuse: ${l.byChainID.shared}/${l.layersB} layers by chain ID (${formatPercent(l.byChainID.ratio)} of bytes),`,
    `${l.byDiffID.shared}/${l.layersB} by diffID (${formatPercent(l.byDiffID.ratio)}).`,
  ].join(' ');
}

function findings(r: CompareReport): string[] {
  const lines = churnFindings(r.churn, mdCode, mdText);
  return lines.length > 0 ? [`**Findings**\n\n${lines.map((s) => `- ${s}`).join('\n')}`] : [];
}

function packages(r: CompareReport): string[] {
  const summary = packageSummary(r.packages, mdCode, mdText);
  if (summary === null) return [];
  const rows = packageChangeRows(r.packages, mdCode).map(([change, bytes, inodes, name, version, path]) => [
    change,
    bytes,
    inodes,
    name,
    mdText(version),
    path,
  ]);
  const table = mdTable(['change', 'Δ size', 'Δ inodes', 'package', 'version', 'path'], rows, [
    'l',
    'r',
    'r',
    'l',
    'l',
    'l',
  ]);
  return [`**Packages:** ${summary}.\n\n${table}`];
}

function details(f: FileDiff): string[] {
  const dirs = (list: DirectoryDelta[]) =>
    mdTable(
      ['Δ size', 'Δ inodes', 'path'],
      list.map((d) => [signedBytes(d.bytesDelta), signedCount(d.inodesDelta), mdCode(d.path)]),
      ['r', 'r', 'l'],
    );
  const body: string[] = [];
  if (f.topDirectories.byBytes.length > 0)
    body.push(`**Directories by size change**\n\n${dirs(f.topDirectories.byBytes)}`);
  if (f.topDirectories.byInodes.length > 0)
    body.push(`**Directories by inode change**\n\n${dirs(f.topDirectories.byInodes)}`);
  if (f.largestChanges.length > 0) {
    body.push(
      `**Largest changes**\n\n${mdTable(
        ['change', 'Δ size', 'what', 'path'],
        f.largestChanges.map((c) => [
          c.change,
          signedBytes(c.bytesDelta),
          mdText(c.reasons.join(', ')),
          mdCode(c.path),
        ]),
        ['l', 'r', 'l', 'l'],
      )}`,
    );
  }
  return body.length > 0
    ? [`<details><summary>Directories and files</summary>\n\n${body.join('\n\n')}\n\n</details>`]
    : [];
}

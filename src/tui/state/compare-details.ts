/**
 * The details pane of `explore A --compare B` as lines: the selected step and its diff, the
 * layer reuse and final file diff from the compare report, and both images. Pure.
 */
import { countOf, formatBytes, formatCount, formatPercent } from '../../render/common/format.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';
import { pullBytes } from '../../render/compare/compare-format.js';
import type { CompareSnapshot } from '../feed/compare-feed.js';
import { layerSums, type Line } from './details-model.js';
import type { StepDiff } from '../feed/step-diff.js';

const label = (text: string) => ({ text: text.padEnd(9), tone: 'label' as const });
const signed = (n: number) => (n > 0 ? `+${formatBytes(n)}` : n < 0 ? `-${formatBytes(-n)}` : '±0 B');

export function compareDetails(snap: CompareSnapshot, step: number, diff: StepDiff | null): Line[] {
  const lines: Line[] = stepLines(snap, step, diff);
  const r = snap.report;
  if (snap.a.error || snap.b.error)
    lines.push([label('Reuse'), { text: `not known: ${snap.a.error ?? snap.b.error}`, tone: 'error' }]);
  else if (!r) lines.push([label('Reuse'), { text: 'known when both images are scanned', tone: 'dim' }]);
  else {
    const reuse = r.layers.byChainID;
    lines.push([
      label('Reuse'),
      {
        text: `${reuse.shared} of ${r.layers.layersB} layers of B shared with A (${formatPercent(reuse.ratio)} of its bytes) · pull ${pullBytes(r.layers.pull.bytes, r.layers.pull.estimated)} · new on disk ${formatBytes(r.layers.newDisk.size)} / ${countOf(r.layers.newDisk.inodes, 'inode')}`,
      },
    ]);
    const f = r.files;
    const net = [f.added, f.modified, f.removed].reduce(
      (acc, t) => ({ bytes: acc.bytes + t.bytes, inodes: acc.inodes + t.inodes }),
      { bytes: 0, inodes: 0 },
    );
    lines.push([
      label('Files'),
      {
        text: `final file systems: +${formatCount(f.added.files)} added, ~${formatCount(f.modified.files)} modified, -${formatCount(f.removed.files)} removed · ${signed(net.bytes)}, ${net.inodes >= 0 ? '+' : ''}${countOf(net.inodes, 'inode')}`,
      },
      ...(f.contentCompared
        ? []
        : [{ text: ' (same-size files not compared: no content hashes)', tone: 'dim' as const }]),
    ]);
  }
  lines.push(imageLine('A', snap.a), imageLine('B', snap.b));
  return lines;
}

function imageLine(name: string, s: CompareSnapshot['a']): Line {
  const sums = layerSums(s.layers);
  return [
    label(name),
    {
      text: `${s.summary.repoTags[0] ?? s.summary.reference} · ${formatBytes(sums.size)} · ${countOf(sums.inodes, 'inode')} · ${s.layers.length} layers`,
    },
  ];
}

function stepLines(snap: CompareSnapshot, step: number, diff: StepDiff | null): Line[] {
  const row = snap.steps[step];
  if (!row) return [];
  const a = row.a ? cleanCreatedBy(row.a.createdBy) : '(no such step in A)';
  const b = row.b ? cleanCreatedBy(row.b.createdBy) : '(no such step in B)';
  const lines: Line[] = [
    [label(`Step ${step + 1}`), { text: `A: ${a}` }],
    [label(''), { text: `B: ${b}` }],
  ];
  if (row.statusB === 'shared')
    lines.push([
      label(''),
      { text: 'shared: the same layer on the same base (chain ID); nothing to pull', tone: 'added' },
    ]);
  else if (diff) {
    const t = diff.tally;
    lines.push([
      label(''),
      {
        text: `+${formatCount(t.added.files)} added (${signed(t.added.bytes)}) · ~${formatCount(t.modified.files)} modified (${signed(t.modified.bytes)}) · -${formatCount(t.removed.files)} removed (${signed(t.removed.bytes)})`,
      },
    ]);
  }
  return lines;
}

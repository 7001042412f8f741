/**
 * The details pane as lines of text: the image summary (size, compressed, inodes,
 * efficiency, reclaimable bytes) and, for the selected layer, its whole command, sizes,
 * diffID and blob digest, the waste it wrote or caused (with blame) and its hints. Pure.
 */
import { blameLine, hintLine } from '../../render/inspect/analysis-text.js';
import { countOf, formatBytes, formatCount, formatPercent } from '../../render/common/format.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';
import { visible } from '../../render/common/safe-text.js';
import type { ExploreAnalysis } from '../feed/explore-analysis.js';
import type { FeedSnapshot } from '../feed/image-feed.js';
import type { LayerInfo } from './layer-rows.js';

export type Tone = 'label' | 'dim' | 'error' | 'added' | 'removed' | 'accent';

export interface Segment {
  text: string;
  tone?: Tone;
}

export type Line = Segment[];

const amount = (w: { bytes: number; inodes: number }) =>
  `${formatBytes(w.bytes)} / ${formatCount(w.inodes)} ${w.inodes === 1 ? 'inode' : 'inodes'}`;

const label = (text: string): Segment => ({ text: text.padEnd(9), tone: 'label' });

export function imageDetails(snap: FeedSnapshot, layer: number): Line[] {
  const lines: Line[] = [imageLine(snap.layers), wasteLine(snap)];
  const info = snap.layers[layer];
  if (!info) return lines;
  const failure = snap.failures.find((f) => f.layer === layer);
  if (failure) return [...lines, ...layerHead(info), [label('error'), { text: failure.message, tone: 'error' }]];
  lines.push(...layerLines(info, snap.analysis));
  return lines;
}

/** Sums of what is known; "—" until every layer has the number. */
export function layerSums(layers: LayerInfo[]): {
  size: number | null;
  compressed: number | null;
  inodes: number | null;
} {
  const sum = (pick: (l: LayerInfo) => number | null) => {
    const values = layers.map(pick);
    return values.length > 0 && values.every((v) => v !== null)
      ? (values as number[]).reduce((a, b) => a + b, 0)
      : null;
  };
  return { size: sum((l) => l.size), compressed: sum((l) => l.compressed), inodes: sum((l) => l.inodes) };
}

function imageLine(layers: LayerInfo[]): Line {
  const s = layerSums(layers);
  return [
    label('Image'),
    {
      text: `${formatBytes(s.size)} unpacked · ${formatBytes(s.compressed)} compressed · ${countOf(s.inodes, 'inode')} · ${layers.length} layers`,
    },
  ];
}

function wasteLine(snap: FeedSnapshot): Line {
  if (snap.error) return [label('Waste'), { text: 'not known: the scan failed', tone: 'error' }];
  const a = snap.analysis;
  if (!a)
    return [
      label('Waste'),
      { text: snap.layersDone < snap.layers.length ? 'known when every layer is scanned' : 'analysing…', tone: 'dim' },
    ];
  const r = a.reclaimable;
  return [
    label('Waste'),
    { text: `efficiency ${formatPercent(a.dive.efficiency)} · reclaimable ` },
    {
      text: `${formatBytes(r.bytes)} / ${countOf(r.inodes, 'inode')}`,
      tone: r.bytes > 0 || r.inodes > 0 ? 'removed' : undefined,
    },
    {
      text: ` (${formatBytes(r.overwritten.bytes)} overwritten, ${formatBytes(r.deleted.bytes)} deleted)`,
      tone: 'dim',
    },
  ];
}

/** The layer's whole command (wrapped, never cut), its sizes, diffID and blob digest. */
function layerHead(info: LayerInfo): Line[] {
  const compression = info.compression ? ` (${info.compression})` : '';
  return [
    [label(`Layer ${info.index + 1}`), { text: cleanCreatedBy(info.createdBy) || '(no history entry)' }],
    [
      label('size'),
      {
        text: `${formatBytes(info.size)} unpacked · ${formatBytes(info.compressed)} compressed${compression} · ${countOf(info.inodes, 'inode')}`,
        tone: 'dim',
      },
    ],
    [label('diffID'), { text: info.diffID, tone: 'dim' }],
    [label('digest'), { text: info.digest ?? '— (the source keeps no blob digest)', tone: 'dim' }],
  ];
}

function layerLines(info: LayerInfo, a: ExploreAnalysis | null): Line[] {
  const n = info.index + 1;
  const lines: Line[] = layerHead(info);
  const head = lines.length;
  if (!a) return lines;
  const own = a.reclaimable.byLayer[info.index];
  if (own && own.wroteDead.inodes > 0) {
    lines.push([label(''), { text: `wrote ${amount(own.wroteDead)} that later layers overwrite or delete` }]);
  }
  if (own && own.madeDead.inodes > 0) {
    lines.push([label(''), { text: `made ${amount(own.madeDead)} of earlier layers dead` }]);
  }
  for (const b of a.reclaimable.blame) {
    if (b.writtenBy !== n && b.madeDeadBy !== n) continue;
    if (b.bytes === 0 && b.inodes === 0) continue;
    lines.push([label(''), { text: blameLine(b), tone: 'removed' }]);
  }
  for (const h of a.hints) {
    if (!h.layers.includes(n) && !(h.deletedBy ?? []).includes(n)) continue;
    lines.push([label('hint'), { text: hintLine(h), tone: 'accent' }, { text: ` — ${h.advice}`, tone: 'dim' }]);
  }
  if (lines.length === head) lines.push([label(''), { text: 'no waste and no hints for this layer', tone: 'dim' }]);
  return lines;
}

/**
 * Wraps a line to `width` columns at spaces; continuation lines start under the text, after the
 * label. Segments may quote the image: their control characters are shown escaped (measured as shown).
 */
export function wrapLine(line: Line, width: number): Line[] {
  const indent = line[0]?.tone === 'label' ? line[0].text.length : 0;
  const out: Line[] = [];
  let current: Line = [];
  let used = 0;
  const push = (text: string, tone?: Tone) => {
    const last = current[current.length - 1];
    if (last && last.tone === tone) last.text += text;
    else current.push({ text, tone });
    used += text.length;
  };
  const newLine = () => {
    out.push(trimEnd(current));
    current = [];
    used = 0;
    if (indent > 0) push(' '.repeat(indent));
  };
  for (const seg of line) {
    for (let word of visible(seg.text).split(/(?<= )/)) {
      if (used + word.trimEnd().length > width && used > indent) newLine();
      // A word longer than a whole line (a path, a digest) continues on the next lines: nothing is cut.
      while (used + word.trimEnd().length > width && width - used > 0) {
        const room = width - used;
        push(word.slice(0, room), seg.tone);
        word = word.slice(room);
        newLine();
        if (width - used <= 0) break; // an indent as wide as the line: no room to continue
      }
      push(word, seg.tone);
    }
  }
  if (current.length > 0) out.push(trimEnd(current));
  return out;
}

/** Without the spaces that end the last segment (a line of exactly `width` columns stays one). */
function trimEnd(line: Line): Line {
  const last = line[line.length - 1];
  if (last) last.text = last.text.trimEnd();
  return line;
}

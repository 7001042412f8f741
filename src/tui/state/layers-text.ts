/**
 * The text of the layers pane's columns, shared by the ink panes and the first frame that is
 * drawn before ink has loaded (first-frame.ts). Pure.
 */
import { formatBytes, formatCount } from '../../render/common/format.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';
import type { LayerInfo } from './layer-rows.js';
import { fit, right, shareBar } from '../app/layout.js';

const SHARE_WIDTH = 8;

/**
 * The layers pane's optional columns, in the order they go when the terminal is narrow: the
 * compressed size first, then the share bar, then the files count. #, size, inodes and the
 * command always stay; the command gets what is left and shortens with `…`.
 */
const LAYER_COLUMN_DROP_ORDER = ['compressed', 'share', 'files'] as const;
type Optional = (typeof LAYER_COLUMN_DROP_ORDER)[number];

const OPTIONAL_WIDTH: Record<Optional, number> = { compressed: 9, share: 1 + SHARE_WIDTH, files: 8 };
/** cursor 2, # 3, size 9, inodes 8, gap 1 */
const ALWAYS = 2 + 3 + 9 + 8 + 1;
/** The command keeps at least this much before a column goes. */
const MIN_COMMAND = 20;

/** The optional columns shown at `width`. */
export function layerColumns(width: number): ReadonlySet<Optional> {
  const shown = new Set<Optional>(LAYER_COLUMN_DROP_ORDER);
  const used = () => ALWAYS + [...shown].reduce((a, c) => a + OPTIONAL_WIDTH[c], 0);
  for (const c of LAYER_COLUMN_DROP_ORDER) if (width - used() < MIN_COMMAND) shown.delete(c);
  return shown;
}

function createdByWidth(width: number): number {
  const shown = layerColumns(width);
  return Math.max(1, width - ALWAYS - [...shown].reduce((a, c) => a + OPTIONAL_WIDTH[c], 0));
}

export function layersHeader(width: number): string {
  const c = layerColumns(width);
  const share = c.has('share') ? ` ${fit('SHARE', SHARE_WIDTH)}` : '';
  return `  ${right('#', 3)}${right('SIZE', 9)}${c.has('compressed') ? right('COMPR', 9) : ''}${c.has('files') ? right('FILES', 8) : ''}${right('INODES', 8)}${share} ${fit('CREATED BY', createdByWidth(width))}`;
}

/** "#, size, compressed, files, inodes" of a layer row, in the columns shown at `width`. */
export function layerNumbers(l: LayerInfo, width: number): string {
  const c = layerColumns(width);
  const compressed = c.has('compressed') ? right(formatBytes(l.compressed), 9) : '';
  const files = c.has('files') ? right(formatCount(l.files), 8) : '';
  return `${right(String(l.index + 1), 3)}${right(formatBytes(l.size), 9)}${compressed}${files}${right(formatCount(l.inodes), 8)}`;
}

/** The share cell with its leading space, or '' where the column is dropped. Done: a bar of the layer's share of `total`; scanning: how much of its blob is read. */
export function layerShare(l: LayerInfo, total: number, width: number): string {
  if (!layerColumns(width).has('share')) return '';
  return ` ${shareText(l, total)}`;
}

function shareText(l: LayerInfo, total: number): string {
  if (l.status === 'done') return shareBar(total > 0 ? (l.size ?? 0) / total : 0, SHARE_WIDTH);
  if (l.status === 'error') return fit('error', SHARE_WIDTH);
  if (l.status === 'queued') return fit('queued', SHARE_WIDTH);
  return fit(
    l.blobSize ? `read ${Math.min(99, Math.floor((l.bytesRead / l.blobSize) * 100))}%` : formatBytes(l.bytesRead),
    SHARE_WIDTH,
  );
}

export const layersTotal = (layers: LayerInfo[]) => layers.reduce((a, l) => a + (l.size ?? l.blobSize ?? 0), 0);

/** The command cell; a failed layer whose share column is dropped says `error` here. */
export function createdByText(l: LayerInfo, width: number): string {
  const text = cleanCreatedBy(l.createdBy);
  const failed = l.status === 'error' && !layerColumns(width).has('share');
  return ` ${fit(failed ? `error ${text}` : text, createdByWidth(width))}`;
}

/** One side of a compare row: size and command. */
export function stepSide(l: LayerInfo | null, width: number): string {
  if (!l) return fit('', width);
  const size = l.status === 'done' ? formatBytes(l.size) : l.status === 'reading' ? 'reading' : '…';
  return fit(`${right(size, 8)} ${cleanCreatedBy(l.createdBy)}`, width);
}

export const STEP_MARK: Readonly<Record<'shared' | 'same-content' | 'new', string>> = {
  shared: 'shared',
  'same-content': 'moved',
  new: 'new',
};

export const stepHalf = (width: number) => Math.floor((width - 6) / 2);

/** The cells of one compare row (step number, A's side, B's mark, B's side), in the header's columns. */
export function stepCells(
  index: number,
  a: LayerInfo | null,
  b: LayerInfo | null,
  statusB: keyof typeof STEP_MARK | null | undefined,
  width: number,
) {
  const half = stepHalf(width);
  return {
    number: `${right(String(index + 1), 3)} `,
    a: stepSide(a, half - 1),
    mark: fit(statusB ? STEP_MARK[statusB] : '', 7),
    b: stepSide(b, half - 9),
  };
}

export function stepsHeader(names: { a: string; b: string }, width: number): string {
  const half = stepHalf(width);
  return `  ${right('#', 3)} ${fit(`A ${names.a}`, half - 1)}│${fit(` B ${names.b}`, half)}`;
}

/**
 * The text of the layers pane's columns, shared by the ink panes and the first frame that is
 * drawn before ink has loaded (first-frame.ts). Pure.
 */
import { cleanCreatedBy, formatBytes, formatCount } from '../render/format.js';
import type { LayerInfo } from './layer-rows.js';
import { fit, right, shareBar } from './layout.js';

const SHARE_WIDTH = 8;
/** cursor 2, # 3, size 9, compressed 9, files 8, inodes 8, share 1+8, gap 1 */
const FIXED = 2 + 3 + 9 + 9 + 8 + 8 + 1 + SHARE_WIDTH + 1;

const createdByWidth = (width: number) => Math.max(8, width - FIXED);

export function layersHeader(width: number): string {
  return `  ${right('#', 3)}${right('SIZE', 9)}${right('COMPR', 9)}${right('FILES', 8)}${right('INODES', 8)} ${fit('SHARE', SHARE_WIDTH)} ${fit('CREATED BY', createdByWidth(width))}`;
}

/** "#, size, compressed, files, inodes " of a layer row. */
export function layerNumbers(l: LayerInfo): string {
  return `${right(String(l.index + 1), 3)}${right(formatBytes(l.size), 9)}${right(formatBytes(l.compressed), 9)}${right(formatCount(l.files), 8)}${right(formatCount(l.inodes), 8)} `;
}

/** Done: a bar of the layer's share of `total`. Scanning: how much of its blob is read. */
export function layerShare(l: LayerInfo, total: number): string {
  if (l.status === 'done') return shareBar(total > 0 ? (l.size ?? 0) / total : 0, SHARE_WIDTH);
  if (l.status === 'queued') return fit('queued', SHARE_WIDTH);
  return fit(l.blobSize ? `read ${Math.min(99, Math.floor((l.bytesRead / l.blobSize) * 100))}%` : formatBytes(l.bytesRead), SHARE_WIDTH);
}

export const layersTotal = (layers: LayerInfo[]) => layers.reduce((a, l) => a + (l.size ?? l.blobSize ?? 0), 0);

export const createdByText = (l: LayerInfo, width: number) => fit(cleanCreatedBy(l.createdBy), createdByWidth(width));

/** One side of a compare row: size and command. */
export function stepSide(l: LayerInfo | null, width: number): string {
  if (!l) return fit('', width);
  const size = l.status === 'done' ? formatBytes(l.size) : l.status === 'reading' ? 'reading' : '…';
  return fit(`${right(size, 8)} ${cleanCreatedBy(l.createdBy)}`, width);
}

export const STEP_MARK: Readonly<Record<'shared' | 'same-content' | 'new', string>> = { shared: 'shared', 'same-content': 'moved', new: 'new' };

export const stepHalf = (width: number) => Math.floor((width - 6) / 2);

/** The cells of one compare row (step number, A's side, B's mark, B's side), in the header's columns. */
export function stepCells(index: number, a: LayerInfo | null, b: LayerInfo | null, statusB: keyof typeof STEP_MARK | null | undefined, width: number) {
  const half = stepHalf(width);
  return { number: `${right(String(index + 1), 3)} `, a: stepSide(a, half - 1), mark: fit(statusB ? STEP_MARK[statusB] : '', 7), b: stepSide(b, half - 9) };
}

export function stepsHeader(names: { a: string; b: string }, width: number): string {
  const half = stepHalf(width);
  return `  ${right('#', 3)} ${fit(`A ${names.a}`, half - 1)}│${fit(` B ${names.b}`, half)}`;
}

/** Number and text formatting shared by the renderers. No colour here. */
import { cutToCells } from './cells.js';

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** The mark of an estimated figure, in every view and output ("≈ 198 kB"). */
export const ESTIMATE_MARK = '≈';

/** Decimal units, as `docker images` and `docker history` print them. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const sign = n < 0 ? '-' : '';
  let v = Math.abs(n);
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  const digits = u === 0 ? 0 : v < 10 ? 2 : v < 100 ? 1 : 0;
  return `${sign}${v.toFixed(digits)} ${UNITS[u]}`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString('en-US');
}

/** A count with its noun, singular for exactly one: "1 inode", "3,287 inodes". */
export function countOf(n: number | null | undefined, noun: 'inode' | 'layer'): string {
  return `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`;
}

export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** Cuts text to `width` terminal cells, ending with an ellipsis when cut. Collapses whitespace. */
export function truncate(text: string, width: number): string {
  return cutToCells(text.replace(/\s+/g, ' ').trim(), width);
}

export function shortDigest(d: string | null | undefined, hex = 12): string {
  if (!d) return '—';
  const i = d.indexOf(':');
  return i >= 0 ? d.slice(i + 1, i + 1 + hex) : d.slice(0, hex);
}

/**
 * Tables fitted to the output width (plain-table.ts lays them out): columns that may shorten
 * (commands, paths, names) are cut with `…`, and where that is not enough, the least needed columns are left out and named
 * in a note. Widths are terminal cells (see cells.ts); `Infinity` means no limit (--wide).
 */
import { cellWidth, cutMiddle, cutToCells } from './cells.js';
import { plainTable, tableText, type Align } from './plain-table.js';

const GAP = 2;
/** A column that shortens keeps at least this many cells (or its heading's width). */
const MIN_SHORTENED = 16;
/** …and at least this many when nothing else can give way. */
const LEAST_SHORTENED = 5;

/** Width in cells of the widest cell of each column (plain text). */
function columnWidths(rows: string[][]): number[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cellWidth(cell))));
  return widths;
}

export interface FitSpec {
  head: string[];
  aligns: Align[];
  /** Plain cells: body rows, then footer rows (totals), styled only after fitting. */
  rows: string[][];
  footer?: string[][];
  /** Columns that may be cut with `…` (whitespace in them is collapsed to one space). */
  shorten: number[];
  /** Of those, the ones cut in the middle, so both ends show (paths, rule names); the others lose their end. */
  middle?: number[];
  /** Columns that may be left out, first to go first. */
  drop?: number[];
}

interface FittedTable {
  head: string[];
  aligns: Align[];
  rows: string[][];
  footer: string[][];
  /** Headings of the columns left out. */
  dropped: string[];
}

/** The table's cells made to fit `width` cells. */
function fitColumns(spec: FitSpec, width: number): FittedTable {
  const flat = (row: string[]) => row.map((c, i) => (spec.shorten.includes(i) ? c.replace(/\s+/g, ' ').trim() : c));
  const all = [spec.head, ...spec.rows.map(flat), ...(spec.footer ?? []).map(flat)];
  const natural = columnWidths(all);
  const keep = spec.head.map((_, i) => i);
  const targets = (least = MIN_SHORTENED) => shortenedWidths(natural, keep, spec, width, least);
  for (const d of spec.drop ?? []) {
    if (fits(targets(), keep, width)) break;
    keep.splice(keep.indexOf(d), 1);
  }
  // Nothing more to leave out: the shortened columns go below their usual least width.
  const target = fits(targets(), keep, width) ? targets() : targets(LEAST_SHORTENED);
  const cutter = (i: number) => (spec.middle?.includes(i) ? cutMiddle : cutToCells);
  const cut = (row: string[]) =>
    keep.map((i) => (spec.shorten.includes(i) ? cutter(i)(row[i] ?? '', target[i]) : (row[i] ?? '')));
  const body = all.slice(1);
  return {
    head: keep.map((i) => spec.head[i]),
    aligns: keep.map((i) => spec.aligns[i]),
    rows: body.slice(0, spec.rows.length).map(cut),
    footer: body.slice(spec.rows.length).map(cut),
    dropped: spec.head.filter((_, i) => !keep.includes(i)),
  };
}

const fits = (w: number[], keep: number[], width: number) =>
  keep.reduce((a, i) => a + w[i], 0) + GAP * (keep.length - 1) <= width;

/** Per column: its natural width, or for the shortened ones what is left, shared fairly. */
function shortenedWidths(natural: number[], keep: number[], spec: FitSpec, width: number, least: number): number[] {
  const w = [...natural];
  const shrink = keep.filter((i) => spec.shorten.includes(i)).sort((a, b) => natural[a] - natural[b]);
  let left =
    width - GAP * (keep.length - 1) - keep.filter((i) => !spec.shorten.includes(i)).reduce((a, i) => a + natural[i], 0);
  shrink.forEach((i, k) => {
    const floor = Math.min(natural[i], least === MIN_SHORTENED ? Math.max(least, cellWidth(spec.head[i])) : least);
    w[i] = Math.min(natural[i], Math.max(floor, Math.floor(left / (shrink.length - k))));
    left -= w[i];
  });
  return w;
}

/**
 * A fitted table as text: bold headings, `decorate` styling body rows, bold footer rows, and a
 * dim note naming left-out columns (prose: the renderer fits it with fitLines like its other lines).
 */
export function fittedTableText(
  spec: FitSpec,
  width: number,
  style: { bold: (s: string) => string; dim: (s: string) => string },
  decorate?: (cells: string[], i: number) => string[],
): string {
  const t = fitColumns(spec, width);
  const table = plainTable(
    t.head.map((h) => style.bold(h)),
    t.aligns,
  );
  t.rows.forEach((row, i) => table.push(decorate ? decorate(row, i) : row));
  for (const row of t.footer) table.push(row.map((c) => style.bold(c)));
  const note =
    t.dropped.length > 0 ? `\n${style.dim(`(left out to fit: ${t.dropped.join(', ')}; --wide shows all)`)}` : '';
  return tableText(table) + note;
}

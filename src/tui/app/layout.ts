/**
 * Where the panes go for a terminal size, and the colours (none under NO_COLOR). Pure.
 *
 *   header            1 line: image, scan progress
 *   Layers            title + column header + rows
 *   Files             title + rows
 *   Details           title + rows
 *   footer            1 line: keys (or the filter being typed)
 *
 * One line is left free below the footer: ink redraws a frame shorter than the terminal in
 * place, but clears the whole screen for every frame that fills it.
 */
import type { ChangeStatus } from '../state/state.js';
import { visible } from '../../render/common/safe-text.js';

export interface Layout {
  width: number;
  height: number;
  layerRows: number;
  fileRows: number;
  detailRows: number;
  /** Too small to draw the panes. */
  tooSmall: boolean;
}

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;
/** header, layers title + column header, files title, details title, footer */
const FIXED_LINES = 6;

export function layoutFor(columns: number, rows: number, layerCount: number): Layout {
  const width = Math.max(20, columns);
  const height = Math.max(1, rows - 1);
  const free = height - FIXED_LINES;
  const detailRows = Math.min(8, Math.max(2, Math.floor(free * 0.25)));
  const layerRows = Math.max(1, Math.min(Math.max(1, layerCount), Math.max(3, Math.floor((free - detailRows) * 0.4))));
  const fileRows = Math.max(1, free - detailRows - layerRows);
  return { width, height, layerRows, fileRows, detailRows, tooSmall: columns < MIN_COLUMNS || rows < MIN_ROWS };
}

/** Lines the history overlay has for its entries: the screen less header, title and footer. */
export const historyRows = (layout: Pick<Layout, 'height'>) => Math.max(1, layout.height - 3);
/** Rows the waste pane lists: less header, title, column headings, the selected row's blame (2 lines) and footer. */
export const wasteRows = (layout: Pick<Layout, 'height'>) => Math.max(1, layout.height - 6);
/** Rows the packages pane lists: less header, title, column headings, the selected package's line, its keys and footer. */
export const packagesRows = (layout: Pick<Layout, 'height'>) => Math.max(1, layout.height - 6);

export interface Theme {
  color: boolean;
  status: Readonly<Record<ChangeStatus | 'implied', string | undefined>>;
  accent: string | undefined;
  bar: string | undefined;
  progress: string | undefined;
  error: string | undefined;
  shared: string | undefined;
  fresh: string | undefined;
}

export function themeFor(color: boolean): Theme {
  const c = (name: string) => (color ? name : undefined);
  return {
    color,
    status: { added: c('green'), modified: c('yellow'), removed: c('red'), unmodified: undefined, implied: undefined },
    accent: c('cyan'),
    bar: c('blue'),
    progress: c('magenta'),
    error: c('red'),
    shared: c('green'),
    fresh: c('yellow'),
  };
}

/** The one-character mark of a change, readable without colour. */
export const STATUS_MARK: Readonly<Record<ChangeStatus | 'implied', string>> = {
  added: '+',
  modified: '~',
  removed: '-',
  unmodified: ' ',
  implied: ' ',
};

/** Pads or cuts `text` to exactly `width` columns (left aligned), its control characters shown escaped. */
export function fit(raw: string, width: number): string {
  if (width <= 0) return '';
  const text = visible(raw);
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return text.padEnd(width);
}

export function right(raw: string, width: number): string {
  const text = visible(raw);
  return text.length >= width ? text.slice(0, width) : text.padStart(width);
}

/** A bar of `width` cells for a 0..1 share, in eighths. */
export function shareBar(share: number, width: number): string {
  const cells = Math.max(0, Math.min(1, share)) * width;
  const full = Math.floor(cells);
  const part = Math.round((cells - full) * 8);
  const partial = part > 0 && full < width ? ' ▏▎▍▌▋▊▉'[part] : '';
  return ('█'.repeat(full) + partial).padEnd(width);
}

/** What every pane is given for its frame: where the window onto its rows starts and how big it is. */
export interface PaneProps {
  scroll: number;
  rows: number;
  width: number;
  focused: boolean;
  theme: Theme;
  title: string;
}

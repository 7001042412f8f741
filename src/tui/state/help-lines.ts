/**
 * The help overlay as lines for a width: the key table (two columns where 80 fit, else one)
 * and the notes, wrapped. The overlay shows a window of them and scrolls (state.helpScroll).
 * Pure.
 */
import { BINDINGS, type Binding } from './keys.js';
import type { Layout } from '../app/layout.js';

export const HELP_LABEL = 12;
const TWO_COLUMNS = 80;

const HELP_NOTES =
  "Marks: + added  ~ modified  - removed  (no mark: unmodified). Directories show the bytes and inodes of everything below them. v: the changes the layer itself made, or the file system merged up to it. i: each entry's mode and uid:gid. p: every layer that added, modified, chmod/chowned, removed or hid the row's path, with its command. w: dive's inefficient files; w again: the reclaimable entries with the layers to blame; s sorts them, enter jumps to the file in its layer. / takes a regular expression and size or inode terms (>1MB <10kB inodes>100, all must hold): enter keeps it, esc clears it.";

export interface HelpLine {
  /** Key table cells (label, what it does), or a line of notes. */
  cells?: Binding[];
  note?: string;
}

export function helpLines(width: number): HelpLine[] {
  const columns = width >= TWO_COLUMNS ? 2 : 1;
  const perColumn = Math.ceil(BINDINGS.length / columns);
  const lines: HelpLine[] = [];
  for (let i = 0; i < perColumn; i++)
    lines.push({ cells: Array.from({ length: columns }, (_, c) => BINDINGS[c * perColumn + i]).filter(Boolean) });
  lines.push({ note: '' });
  for (const note of wrapWords(HELP_NOTES, width)) lines.push({ note });
  return lines;
}

/** Rows the help has for its lines: the screen less header, title and footer. */
export const helpRows = (layout: Pick<Layout, 'height'>) => Math.max(1, layout.height - 3);

export const helpColumnWidth = (width: number) => Math.floor(width / (width >= TWO_COLUMNS ? 2 : 1));

function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (next.length > width && line) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

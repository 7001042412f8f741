/**
 * Markdown helpers for PR comments and job summaries (GitHub-flavoured). Every name, path,
 * command or message that comes from an image or a config goes through mdText (prose, cells)
 * or mdCode (code spans), so `<`, `|`, backticks, `*`, `_` and brackets print as themselves,
 * and control characters as escapes (safe-text.ts).
 */
import { visible } from './safe-text.js';

/** A code span that survives backticks inside `text` (in a table, mdTable escapes its pipes). */
export function mdCode(text: string): string {
  const flat = visible(text.replace(/\s*\n\s*/g, ' '));
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * Plain text as markdown that renders as written: markdown-active characters backslash-escaped,
 * HTML and entities shown as text. An underscore inside a word (node_modules) cannot start
 * emphasis, so it stays as it is.
 */
export function mdText(text: string): string {
  return visible(text.replace(/\s*\n\s*/g, ' ')).replace(
    /[\\`*[\]<>|~]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])|&(?=#?\w+;)/gu,
    (c) => `\\${c}`,
  );
}

/** A table cell (already markdown): pipes not yet escaped are escaped (also inside code spans), line breaks flattened. */
export function mdCell(text: string): string {
  return text.replace(/(?<!\\)\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** A GitHub table of markdown cells; `aligns` gives 'r' for right-aligned columns. */
export function mdTable(head: string[], rows: string[][], aligns: Array<'l' | 'r'>): string {
  const line = (cells: string[]) => `| ${cells.map(mdCell).join(' | ')} |`;
  const rule = `|${aligns.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

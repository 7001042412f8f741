/**
 * Text measured in terminal cells, as the table layout measures it (string-width, the
 * measure cli-table3 uses): wide and CJK characters take two cells, combining marks none,
 * and SGR sequences (colour, bold) none. Cutting keeps whole characters and ends with `…`.
 */
import stringWidth from 'string-width';

const SGR = /\u001b\[[0-9;]*m/g;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export const cellWidth = (text: string): number => stringWidth(text);

/** `text` (plain or with SGR) cut to `width` cells, `…` taking the last cell when cut. */
export function cutToCells(text: string, width: number): string {
  if (cellWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  let styled = false;
  for (const token of tokens(text)) {
    if (token.startsWith('\u001b')) {
      out += token;
      styled = true;
      continue;
    }
    const w = cellWidth(token);
    if (used + w > width - 1) break;
    out += token;
    used += w;
  }
  return `${out}…${styled ? '\u001b[0m' : ''}`;
}

/** Plain `text` cut to `width` cells in the middle (`…` for what is left out), so both ends show: paths, rule names. */
export function cutMiddle(text: string, width: number): string {
  if (cellWidth(text) <= width) return text;
  if (width <= 2) return cutToCells(text, width);
  const parts = [...graphemes(text)];
  let head = '';
  let tail = '';
  let room = width - 1;
  for (let i = 0, j = parts.length - 1; i <= j;) {
    const front = cellWidth(head) <= cellWidth(tail);
    const next = front ? parts[i] : parts[j];
    if (cellWidth(next) > room) break;
    room -= cellWidth(next);
    if (front) {
      head += next;
      i++;
    } else {
      tail = next + tail;
      j--;
    }
  }
  return `${head}…${tail}`;
}

/** SGR sequences and grapheme clusters, in order. */
function* tokens(text: string): Generator<string> {
  let last = 0;
  for (const m of text.matchAll(SGR)) {
    yield* graphemes(text.slice(last, m.index));
    yield m[0];
    last = m.index + m[0].length;
  }
  yield* graphemes(text.slice(last));
}

function* graphemes(text: string): Generator<string> {
  for (const { segment } of segmenter.segment(text)) yield segment;
}

/**
 * Every line of `text` made to fit `width` cells: a longer line is wrapped at spaces, its
 * continuation indented two cells past its own indent; a word wider than a line is cut
 * where it stands.
 * Tables are fitted before (see table.ts), so this only ever touches prose lines.
 */
export function fitLines(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split('\n')
    .map((line) => (cellWidth(line) <= width ? line : wrapLine(line, width)))
    .join('\n');
}

/** A unit stays with its number ("2.10 MB"). */
const UNIT = /^(B|kB|MB|GB|TB)\b/;

function wrapLine(line: string, width: number): string {
  const indent = line.length - line.trimStart().length;
  const more = ' '.repeat(Math.min(continuationIndent(line, indent), Math.max(0, width - 20)));
  const out: string[] = [];
  let current = line.slice(0, indent);
  let empty = true;
  for (const word of words(line.slice(indent))) {
    const prefix = empty ? current : `${current} `;
    // A word too wide for a line of its own is cut where it stands (an ID after its label).
    if (empty || cellWidth(prefix + word) <= width || cellWidth(more + word) > width) {
      current = cutToCells(prefix + word, width);
      empty = false;
      continue;
    }
    out.push(current);
    current = cutToCells(more + word, width);
  }
  out.push(current);
  return out.map((l) => cutToCells(l, width)).join('\n');
}

/** The words of a line, a unit joined to its number. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const word of text.split(' ')) {
    if (out.length > 0 && UNIT.test(word.replace(SGR, ''))) out[out.length - 1] += ` ${word}`;
    else out.push(word);
  }
  return out;
}

/** Under the value of a "Label      value" line; else two cells past the line's indent. */
function continuationIndent(line: string, indent: number): number {
  const label = /^(\S+(?: \S+)?\s{2,})/.exec(line.replace(SGR, ''));
  return label && label[1].length <= 16 ? label[1].length : indent + 2;
}

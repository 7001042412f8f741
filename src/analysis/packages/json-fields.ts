/**
 * A few top-level fields of a JSON object, read without parsing the rest: an image can hold
 * thousands of package.json files, and JSON.parse of all of them costs more than the rest of
 * package attribution (7.6 MB of manifests: ~70 ms; this: a few ms, as name and version come
 * first). The text is walked as JSON up to the last wanted field (nested values skipped by
 * their brackets and strings); what comes after it is not read, so a manifest broken after
 * its version still gives its name and version. Never throws; no recursion (deep nesting is
 * input too). Pure.
 */

/** Per wanted field: its string value, null when present but not a string; undefined when `text` is not a JSON object up to there. */
export function topLevelStrings(text: string, wanted: readonly string[]): Map<string, string | null> | undefined {
  const found = new Map<string, string | null>();
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return undefined;
  i = skipSpace(text, i + 1);
  if (text[i] === '}') return found;
  for (;;) {
    const key = readString(text, i);
    if (!key) return undefined;
    i = skipSpace(text, key.end);
    if (text[i] !== ':') return undefined;
    i = skipSpace(text, i + 1);
    const take = wanted.includes(key.value) && !found.has(key.value);
    const value = text[i] === '"' ? readString(text, i) : undefined;
    const end = value ? value.end : skipValue(text, i);
    if (end < 0) return undefined;
    if (take) found.set(key.value, value ? value.value : null);
    if (found.size === wanted.length) return found;
    i = skipSpace(text, end);
    if (text[i] === '}') return found;
    if (text[i] !== ',') return undefined;
    i = skipSpace(text, i + 1);
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** The JSON string starting at `i` (a quote) and the index after it; undefined when unterminated or badly escaped. */
function readString(text: string, i: number): { value: string; end: number } | undefined {
  if (text[i] !== '"') return undefined;
  const close = closingQuote(text, i);
  if (close < 0) return undefined;
  const raw = text.slice(i, close + 1);
  if (!raw.includes('\\')) return { value: raw.slice(1, -1), end: close + 1 };
  try {
    return { value: JSON.parse(raw) as string, end: close + 1 };
  } catch {
    return undefined;
  }
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  for (let from = open + 1; ;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === 0x5c /* \ */) slashes++;
    if (slashes % 2 === 0) return q;
    from = q + 1;
  }
}

const LITERAL = /-?\d[\d.eE+-]*|true|false|null/y;
const STRUCTURE = /["{}[\]]/g;

/** The index after the value starting at `i`, or -1 when there is none. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return closingQuote(text, i) + 1 || -1;
  if (c !== '{' && c !== '[') {
    LITERAL.lastIndex = i;
    return LITERAL.test(text) ? LITERAL.lastIndex : -1;
  }
  const open: string[] = [];
  for (STRUCTURE.lastIndex = i; ;) {
    const m = STRUCTURE.exec(text);
    if (!m) return -1;
    const t = m[0];
    if (t === '"') {
      const close = closingQuote(text, m.index);
      if (close < 0) return -1;
      STRUCTURE.lastIndex = close + 1;
    } else if (t === '{' || t === '[') open.push(t === '{' ? '}' : ']');
    else if (open.pop() !== t) return -1;
    else if (open.length === 0) return STRUCTURE.lastIndex;
  }
}

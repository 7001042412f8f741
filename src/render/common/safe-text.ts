/**
 * Text from an image is data: a tag, command, path, label or message quoted from an image
 * never reaches the terminal as control characters. `visible` shows each one as an escape
 * (README, "Text from the image"):
 *
 *   \n \r \t            line feed, carriage return, tab
 *   \xNN                other C0 controls (ESC is \x1b) and DEL — the notation the scan
 *                       already uses for bytes of a name that are not UTF-8
 *   \uNNNN              C1 controls (U+0080–U+009F), bidirectional controls (U+061C,
 *                       U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), U+2028, U+2029
 *
 * Everything else, a backslash included, is shown as it is. JSON output keeps the raw value.
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex = (c: string, digits: number) => c.charCodeAt(0).toString(16).padStart(digits, '0');

function escape(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code < 0x80 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`);
}

/** `text` with every control character shown as an escape; text without one is returned as it is. */
export function visible(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, escape) : text;
}

/**
 * A copy of a report (plain objects and arrays) with `visible` applied to every string in it:
 * what a text or markdown renderer does first, so every field quoted from the image — now or
 * added later — is shown escaped. Values that are not plain data (functions, class instances)
 * are kept as they are.
 */
export function visibleStrings<T>(value: T): T {
  return mapStrings(value) as T;
}

function mapStrings(value: unknown): unknown {
  if (typeof value === 'string') return visible(value);
  if (Array.isArray(value)) return value.map(mapStrings);
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v);
  return out;
}

/**
 * What the files filter line means: size terms (`>1MB`, `<=10kB`, `size>2MiB`) pick entries
 * other than directories by their bytes, inode terms (`inodes>100`) pick directories by the
 * inodes below them, and whatever else is typed is a regular expression over the paths.
 * Terms are separated by spaces and all must hold. Pure.
 */
import { parseSize } from '../../analysis/budget/config/units.js';

type Op = '<' | '<=' | '>' | '>=' | '=';

export interface Bound {
  op: Op;
  value: number;
}

export interface FilterQuery {
  regex: RegExp | null;
  /** Bytes of a non-directory entry. */
  size: Bound[];
  /** Inodes below a directory (rolled up). */
  inodes: Bound[];
}

const SIZE_TERM = /^(?:size)?(<=|>=|<|>|=)(\d+(?:\.\d+)?[a-z]*)$/i;
const INODES_TERM = /^inodes(<=|>=|<|>|=)(\d+(?:\.\d+)?k?)$/i;

/** The query of a filter line, or why it is not one. '' is no filter. */
export function parseFilter(text: string): { ok: true; query: FilterQuery | null } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, query: null };
  const query: FilterQuery = { regex: null, size: [], inodes: [] };
  const rest: string[] = [];
  for (const term of text.split(' ')) {
    const size = SIZE_TERM.exec(term);
    const inodes = INODES_TERM.exec(term);
    if (size) {
      const v = parseSize(size[2]);
      if (!v.ok) return { ok: false, error: v.error };
      query.size.push({ op: size[1] as Op, value: v.value });
    } else if (inodes) {
      const raw = inodes[2].toLowerCase();
      query.inodes.push({
        op: inodes[1] as Op,
        value: raw.endsWith('k') ? Number(raw.slice(0, -1)) * 1000 : Number(raw),
      });
    } else rest.push(term);
  }
  const source = rest.join(' ');
  if (source.trim() !== '') {
    try {
      query.regex = new RegExp(source);
    } catch (err) {
      return { ok: false, error: (err as Error).message.replace(/^Invalid regular expression: /, '') };
    }
  }
  return { ok: true, query };
}

/** Why `text` is not a filter, or null. */
export function filterError(text: string): string | null {
  const parsed = parseFilter(text);
  return parsed.ok ? null : parsed.error;
}

export function holds(bounds: readonly Bound[], n: number): boolean {
  for (const b of bounds) {
    const ok =
      b.op === '<'
        ? n < b.value
        : b.op === '<='
          ? n <= b.value
          : b.op === '>'
            ? n > b.value
            : b.op === '>='
              ? n >= b.value
              : n === b.value;
    if (!ok) return false;
  }
  return true;
}

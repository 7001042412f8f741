/** Turns a tar header into a FileRecord: names, whiteouts, link targets. */
import type { EntryType, FileRecord } from '../file-record.js';
import type { TarHeader } from '../../tar/tar-header.js';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

const TYPES: Record<string, EntryType | undefined> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'dir',
  symlink: 'symlink',
  link: 'hardlink',
  'character-device': 'char',
  'block-device': 'block',
  fifo: 'fifo',
};

/** Returns undefined for entries that are not part of the file system (the layer root, aufs metadata). */
export function toRecord(header: TarHeader): FileRecord | undefined {
  const { text: name, raw } = decodeName(header.name, !!header.pax?.path);
  const path = normalizePath(name);
  if (path === '/') return undefined;
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const parent = path.slice(0, slash) || '/';
  const mode = (header.mode ?? 0) & 0o7777;
  if (base === OPAQUE) return { path: parent, type: 'opaque', size: 0, mode: 0 };
  if (base.startsWith(WHITEOUT + WHITEOUT)) return undefined;
  if (base.startsWith(WHITEOUT))
    return { path: joinPath(parent, base.slice(WHITEOUT.length)), type: 'whiteout', size: 0, mode: 0 };
  const type = TYPES[header.type ?? 'file'] ?? 'file';
  const record: FileRecord = { path, type, size: type === 'file' ? (header.size ?? 0) : 0, mode };
  if (raw) record.rawName = true;
  if (header.uid > 0) record.uid = header.uid;
  if (header.gid > 0) record.gid = header.gid;
  if (header.linkname) {
    const target = decodeName(header.linkname, !!header.pax?.linkpath).text;
    record.linkTarget = type === 'hardlink' ? normalizePath(target) : target;
  }
  return record;
}

/** "./a//b/./c/" -> "/a/b/c"; "" and "." -> "/". ".." is kept as a name (tar never needs it). */
export function normalizePath(name: string): string {
  // Most names are "a/b/c" or "./a/b/c", with a trailing "/" on directories: no split needed.
  let start = name.startsWith('./') ? 2 : 0;
  while (name.charCodeAt(start) === SLASH) start++;
  let end = name.length;
  while (end > start && name.charCodeAt(end - 1) === SLASH) end--;
  const body = name.slice(start, end);
  if (body !== '.' && !body.includes('//') && !body.includes('/./') && !body.startsWith('./') && !body.endsWith('/.'))
    return '/' + body;
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  return '/' + parts.join('/');
}

const SLASH = 0x2f;

function joinPath(parent: string, base: string): string {
  return parent === '/' ? `/${base}` : `${parent}/${base}`;
}

/**
 * ustar/GNU names are decoded as latin1 (../tar/tar-header.ts), which keeps their bytes; here
 * they are re-read as UTF-8, and bytes that are not valid UTF-8 are shown as \xNN.
 * PAX names are UTF-8 by the standard and arrive decoded.
 */
export function decodeName(name: string, fromPax: boolean): { text: string; raw: boolean } {
  if (fromPax || isAscii(name)) return { text: name, raw: false };
  const bytes = Buffer.from(name, 'latin1');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), raw: false };
  } catch {
    return { text: escapeInvalidUtf8(bytes), raw: true };
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function escapeInvalidUtf8(bytes: Buffer): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const len = sequenceLength(bytes, i);
    if (len > 0) {
      out += bytes.subarray(i, i + len).toString('utf8');
      i += len;
    } else {
      out += `\\x${bytes[i].toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function sequenceLength(b: Buffer, i: number): number {
  const lead = b[i];
  const len =
    lead < 0x80
      ? 1
      : lead >= 0xc2 && lead <= 0xdf
        ? 2
        : lead >= 0xe0 && lead <= 0xef
          ? 3
          : lead >= 0xf0 && lead <= 0xf4
            ? 4
            : 0;
  if (len === 0 || i + len > b.length) return 0;
  for (let k = 1; k < len; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(i, i + len));
    return len;
  } catch {
    return 0;
  }
}

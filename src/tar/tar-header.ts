/**
 * Decoding one 512-byte tar header block, and the PAX records of an extended header: only
 * the fields a layer scan keeps (name, type, size, mode, link name). The rules follow
 * tar-stream's decoder, which the tests use as the oracle: ustar and GNU magic (anything
 * else is refused), the checksum, the ustar name prefix, base-256 sizes, and the old
 * convention of a trailing "/" for directories. Names are decoded as latin1, which keeps
 * their bytes (see decodeName in tar-entry.ts).
 */

export const BLOCK = 512;

export type TarType =
  | 'file'
  | 'link'
  | 'symlink'
  | 'character-device'
  | 'block-device'
  | 'directory'
  | 'fifo'
  | 'contiguous-file'
  | 'pax-header'
  | 'pax-global-header'
  | 'gnu-long-path'
  | 'gnu-long-link-path';

export interface TarHeader {
  name: string;
  /** null for a typeflag tar does not define (read as a regular file). */
  type: TarType | null;
  size: number;
  mode: number;
  /** Owner and group ids (a PAX uid/gid record overrides the header's). */
  uid: number;
  gid: number;
  linkname: string | null;
  /** The PAX records that applied to this entry, if any. */
  pax: Record<string, string> | null;
}

const TYPES: Record<number, TarType> = {
  0: 'file',
  1: 'link',
  2: 'symlink',
  3: 'character-device',
  4: 'block-device',
  5: 'directory',
  6: 'fifo',
  7: 'contiguous-file',
  72: 'pax-header',
  55: 'pax-global-header',
  27: 'gnu-long-link-path',
  28: 'gnu-long-path',
  30: 'gnu-long-path',
};

const ZERO = 0x30;
const SPACE = 0x20;
/** The sum of a header block whose checksum field is blank and everything else zero. */
const EMPTY_SUM = 8 * SPACE;

/** Decodes the header block at `at`; null for an all-zero block (end-of-archive padding). */
export function decodeHeader(buf: Buffer, at = 0): TarHeader | null {
  const sum = checksum(buf, at);
  if (sum === EMPTY_SUM) return null;
  if (sum !== readOctal(buf, at + 148, 8))
    throw new Error('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?');
  const ustar = isMagic(buf, at, 0x00, ZERO, ZERO);
  if (!ustar && !isMagic(buf, at, SPACE, SPACE, 0x00)) throw new Error('Invalid tar header: unknown format.');
  let name = readString(buf, at, 100);
  if (ustar && buf[at + 345] !== 0) name = `${readString(buf, at + 345, 155)}/${name}`;
  let flag = buf[at + 156] === 0 ? 0 : buf[at + 156] - ZERO;
  // Old tars mark directories with a trailing slash on a regular-file entry.
  if (flag === 0 && name.endsWith('/')) flag = 5;
  return {
    name,
    type: TYPES[flag] ?? null,
    size: readNumber(buf, at + 124, 12),
    mode: readNumber(buf, at + 100, 8),
    uid: readNumber(buf, at + 108, 8),
    gid: readNumber(buf, at + 116, 8),
    linkname: buf[at + 157] === 0 ? null : readString(buf, at + 157, 100),
    pax: null,
  };
}

/** PAX records ("<len> key=value\n"), UTF-8 as the standard says. */
export function decodePax(buf: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  while (rest.length > 0) {
    const space = rest.indexOf(SPACE);
    const len = parseInt(rest.toString('latin1', 0, space < 0 ? rest.length : space), 10);
    if (!len) break;
    const record = rest.toString('utf8', space + 1, len - 1);
    const eq = record.indexOf('=');
    if (eq < 0) break;
    out[record.slice(0, eq)] = record.slice(eq + 1);
    rest = rest.subarray(len);
  }
  return out;
}

/** A GNU long name or link target: the bytes up to the first NUL, as latin1. */
export function decodeLongName(buf: Buffer): string {
  return readString(buf, 0, buf.length);
}

/** The header's byte sum with the checksum field counted as spaces. */
function checksum(buf: Buffer, at: number): number {
  const start = buf.byteOffset + at;
  let sum = EMPTY_SUM;
  if ((start & 3) === 0) {
    // Four bytes per step through a 32-bit view (byte order does not matter to a sum of bytes).
    const words = wordsOf(buf.buffer as ArrayBuffer);
    let pairs = 0;
    for (let i = start >> 2, end = i + BLOCK / 4; i < end; i++) {
      const w = words[i];
      pairs += (w & 0x00ff00ff) + ((w >>> 8) & 0x00ff00ff);
    }
    // Each 16-bit half of `pairs` holds a sum of bytes; 128 steps of at most 2·255 fit.
    sum += (pairs & 0xffff) + Math.floor(pairs / 0x10000);
  } else for (let i = at; i < at + BLOCK; i++) sum += buf[i];
  for (let i = at + 148; i < at + 156; i++) sum -= buf[i];
  return sum;
}

/** A 32-bit view of the buffer the last header came from (headers come from few buffers in a row). */
let lastBuffer: ArrayBuffer | undefined;
let lastWords = new Int32Array(0);
function wordsOf(buffer: ArrayBuffer): Int32Array {
  if (buffer !== lastBuffer) {
    lastBuffer = buffer;
    lastWords = new Int32Array(buffer, 0, buffer.byteLength >> 2);
  }
  return lastWords;
}

/** "ustar\0" + "00" (POSIX) or "ustar " + " \0" (GNU); the version bytes are checked for GNU only. */
function isMagic(buf: Uint8Array, at: number, sixth: number, v1: number, v2: number): boolean {
  const m = at + 257;
  const ustar =
    buf[m] === 0x75 && buf[m + 1] === 0x73 && buf[m + 2] === 0x74 && buf[m + 3] === 0x61 && buf[m + 4] === 0x72;
  if (!ustar || buf[m + 5] !== sixth) return false;
  return sixth === 0x00 || (buf[m + 6] === v1 && buf[m + 7] === v2);
}

function readString(block: Buffer, offset: number, length: number): string {
  let end = offset;
  const limit = offset + length;
  while (end < limit && block[end] !== 0) end++;
  return block.toString('latin1', offset, end);
}

/** An octal field (leading spaces and NULs skipped, ends at a space, NUL or any non-digit), or base-256. */
function readNumber(block: Uint8Array, offset: number, length: number): number {
  if (block[offset] & 0x80) return readBase256(block, offset, length);
  return readOctal(block, offset, length);
}

function readOctal(block: Uint8Array, offset: number, length: number): number {
  let i = offset;
  const end = offset + length;
  while (i < end && (block[i] === SPACE || block[i] === 0)) i++;
  let value = 0;
  for (; i < end; i++) {
    const d = block[i] - ZERO;
    if (d < 0 || d > 7) break;
    value = value * 8 + d;
  }
  return value;
}

/**
 * GNU base-256: 0x80 marks a positive number, 0xff a negative one (two's complement). A value
 * beyond 2^53 is NaN: no archive holds such an entry, and callers refuse NaN.
 */
function readBase256(block: Uint8Array, offset: number, length: number): number {
  const negative = block[offset] === 0xff;
  if (!negative && block[offset] !== 0x80) return NaN;
  let value = 0;
  for (let i = offset + 1; i < offset + length; i++) value = value * 256 + (negative ? 0xff - block[i] : block[i]);
  if (!Number.isSafeInteger(value)) return NaN;
  return negative ? -value : value;
}

/**
 * A PAX `size` record: decimal digits only, at most 2^53 − 1. Anything else (a sign, a
 * fraction, an exponent, 10^20) is NaN, which the readers refuse as a bad size.
 */
export function parsePaxSize(text: string): number {
  if (!/^[0-9]{1,16}$/.test(text)) return NaN;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : NaN;
}

/** True for a size a reader may use: a whole number of bytes, 0 to 2^53 − 1. */
export const isEntrySize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/** Long names and PAX records larger than this are refused (an extended header is metadata). */
export const MAX_EXTENDED_HEADER = 1024 * 1024;

/**
 * Indexes a plain (uncompressed) tar file by reading its headers only, seeking over entry
 * bodies, so that any member can later be opened as a byte range. Understands ustar
 * prefixes, PAX `path`/`size` records and GNU long names.
 */
import type { FileHandle } from 'node:fs/promises';
import { inputError } from '../../errors.js';
import { isEntrySize, MAX_EXTENDED_HEADER, parsePaxSize } from '../../tar/tar-header.js';

export interface TarMember {
  name: string;
  /** Offset of the member's data in the tar. */
  offset: number;
  size: number;
  /** Tar typeflag ('0' file, '5' directory, …). */
  type: string;
  /** Link target of a symlink ('2') or hardlink ('1') member: `docker save` links a repeated layer.tar to the first. */
  linkname?: string;
}

const BLOCK = 512;
/** An image archive holds a few files per layer; more members than this is not one. */
export const MAX_MEMBERS = 100_000;

export async function indexTarFile(file: FileHandle, label: string): Promise<Map<string, TarMember>> {
  const { size: fileSize } = await file.stat();
  if (fileSize === 0) throw inputError(`${label}: not a tar archive (empty file)`);
  if (fileSize < BLOCK)
    throw inputError(
      `${label}: not a tar archive (${fileSize} bytes, shorter than one tar header)`,
      'the file may be truncated',
    );
  const members = new Map<string, TarMember>();
  const header = Buffer.alloc(BLOCK);
  let pos = 0;
  let longName: string | undefined;
  let pax: Record<string, string> = {};
  while (pos + BLOCK <= fileSize) {
    await readExactly(file, header, pos, label);
    if (header.every((b) => b === 0)) return members;
    if (!checksumMatches(header)) {
      throw pos === 0
        ? inputError(
            `${label}: not a tar archive`,
            'expected a docker save tar, an OCI archive or an OCI layout directory',
          )
        : inputError(`${label}: corrupt tar header at offset ${pos}`);
    }
    const type = String.fromCharCode(header[156] || 0x30);
    const size = pax.size !== undefined ? parsePaxSize(pax.size) : parseNumber(header.subarray(124, 136));
    if (!isEntrySize(size))
      throw inputError(
        `${label}: corrupt tar header at offset ${pos} (invalid size ${pax.size !== undefined ? 'record' : 'field'})`,
      );
    const dataOffset = pos + BLOCK;
    if (dataOffset + size > fileSize)
      throw inputError(`${label}: truncated tar (member at offset ${pos} runs past the end)`);
    if (type === 'x' || type === 'L') {
      if (size > MAX_EXTENDED_HEADER)
        throw inputError(`${label}: tar extended header at offset ${pos} has ${size} bytes; the limit is 1 MiB`);
      const body = Buffer.alloc(size);
      await readExactly(file, body, dataOffset, label);
      if (type === 'x') pax = parsePax(body);
      else longName = cString(body);
    } else if (type !== 'g') {
      const name = normalizeName(pax.path ?? longName ?? headerName(header));
      const member: TarMember = { name, offset: dataOffset, size, type };
      if (type === '1' || type === '2') member.linkname = pax.linkpath ?? cString(header.subarray(157, 257));
      members.set(name, member);
      if (members.size > MAX_MEMBERS)
        throw inputError(`${label}: more than ${MAX_MEMBERS} members; not an image archive`);
      longName = undefined;
      pax = {};
    }
    pos = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
  }
  // The archive ended without its end-of-archive marker (two zero blocks): it was cut short.
  throw inputError(
    `${label}: truncated tar (no end-of-archive marker after ${pos} bytes)`,
    'the file was probably cut short while it was written or copied',
  );
}

async function readExactly(file: FileHandle, buf: Buffer, position: number, label: string): Promise<void> {
  const { bytesRead } = await file.read(buf, 0, buf.length, position);
  if (bytesRead !== buf.length) throw inputError(`${label}: truncated tar (unexpected end of data)`);
}

function checksumMatches(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return parseNumber(h.subarray(148, 156)) === sum;
}

/** Octal, or GNU base-256 when the high bit of the first byte is set. */
export function parseNumber(field: Buffer): number {
  if (field[0] & 0x80) {
    if (field[0] !== 0x80) return NaN;
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    return Number.isSafeInteger(value) ? value : NaN;
  }
  const text = cString(field).trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : NaN;
}

function headerName(h: Buffer): string {
  const name = cString(h.subarray(0, 100));
  const isUstar = h.subarray(257, 263).toString('latin1') === 'ustar\0';
  const prefix = isUstar ? cString(h.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(buf: Buffer): string {
  const end = buf.indexOf(0);
  return buf.subarray(0, end === -1 ? buf.length : end).toString('utf8');
}

function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let rest = body;
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    const len = parseInt(rest.subarray(0, space).toString('latin1'), 10);
    if (!(len > 0) || space < 0) break;
    const record = rest.subarray(space + 1, len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    rest = rest.subarray(len);
  }
  return out;
}

/** Member names as lookups use them: no leading `./` or `/`, no trailing `/`. */
export function normalizeName(name: string): string {
  return name
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '');
}

/** Mutations of layer tars: header fields (size, type, name, checksum) and PAX / GNU extended headers. */
import type { Random } from './random.js';

const BLOCK = 512;

/** Offsets of the header blocks of a tar (bodies skipped by their size field). */
export function headerOffsets(tar: Buffer): number[] {
  const out: number[] = [];
  for (let pos = 0; pos + BLOCK <= tar.length;) {
    if (tar.subarray(pos, pos + BLOCK).every((b) => b === 0)) break;
    out.push(pos);
    const size = parseInt(tar.toString('latin1', pos + 124, pos + 135).replace(/\0.*$/, ''), 8) || 0;
    pos += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}

/** Writes a correct checksum into the header block at `at`. */
export function fixChecksum(tar: Buffer, at: number): void {
  tar.fill(0x20, at + 148, at + 156);
  let sum = 0;
  for (let i = at; i < at + BLOCK; i++) sum += tar[i];
  tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, at + 148, 'latin1');
}

const SIZE_FIELDS = ['-1000', 'xyz', '1.5', '77777777777', '00000001000', '   ', '-0', '8888', '1e9'];

/** Changes one field of one header (the checksum kept right unless `badSum`). */
export function mutateHeader(tar: Buffer, r: Random): { tar: Buffer; what: string } {
  const out = Buffer.from(tar);
  const offsets = headerOffsets(out);
  if (offsets.length === 0) return { tar: out, what: 'no headers' };
  const at = r.pick(offsets);
  const field = r.int(6);
  let what: string;
  if (field === 0) {
    const v = r.pick(SIZE_FIELDS);
    out.fill(0, at + 124, at + 136);
    out.write(v, at + 124, 'latin1');
    what = `size field "${v}"`;
  } else if (field === 1) {
    // GNU base-256: positive, negative or absurd.
    out.fill(0, at + 124, at + 136);
    out[at + 124] = r.pick([0x80, 0xff, 0xc0]);
    for (let i = 1; i < 12; i++) out[at + 124 + i] = r.chance(0.5) ? 0xff : r.int(256);
    what = `base-256 size ${out.toString('hex', at + 124, at + 136)}`;
  } else if (field === 2) {
    const t = r.pick(['x', 'g', 'L', 'K', '1', '2', '5', '7', 'Z', '\0', 'S']);
    out.write(t, at + 156, 'latin1');
    what = `typeflag ${JSON.stringify(t)}`;
  } else if (field === 3) {
    const name = r.pick(['../../../etc/passwd', '/abs/path', '', './', 'a/'.repeat(49), '.wh..wh..opq', '.wh.']);
    out.fill(0, at, at + 100);
    out.write(name.slice(0, 100), at, 'latin1');
    what = `name ${JSON.stringify(name.slice(0, 20))}`;
  } else if (field === 4) {
    const i = at + r.int(BLOCK);
    out[i] = r.int(256);
    what = `header byte ${i - at}`;
  } else {
    out.fill(0, at + 345, at + 500);
    out.write('p/'.repeat(77), at + 345, 'latin1');
    what = 'ustar prefix';
  }
  if (!r.chance(0.1)) fixChecksum(out, at);
  else what += ' (bad checksum)';
  return { tar: out, what };
}

/** A PAX extended header block with its records. */
export function paxHeader(records: string[], typeflag = 'x', declared?: number): Buffer {
  const body = Buffer.from(records.map(paxRecord).join(''));
  const header = Buffer.alloc(BLOCK);
  header.write('PaxHeader/x', 0, 'latin1');
  header.write('0000644\0', 100, 'latin1');
  header.write(`${(declared ?? body.length).toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.write('00000000000\0', 136, 'latin1');
  header.write(typeflag, 156, 'latin1');
  header.write('ustar\x0000', 257, 'latin1');
  fixChecksum(header, 0);
  const pad = Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK);
  return Buffer.concat([header, body, pad]);
}

/** "<len> key=value\n", where len counts itself. */
function paxRecord(kv: string): string {
  const rest = ` ${kv}\n`;
  let len = rest.length + 1;
  while (String(len).length + rest.length !== len) len++;
  return `${len}${rest}`;
}

const PAX_RECORDS = [
  'size=-1024',
  'size=1.5',
  'size=100000000000000000000',
  'size=1e3',
  'size=',
  'size=999999999',
  'path=../../../../etc/shadow',
  'path=/absolute/name',
  `path=${'n'.repeat(65536)}`,
  'linkpath=../../x',
  'path=\u001b[31mred',
  'mtime=abc',
];

/** Puts an extended header (PAX records, or a GNU long name) in front of one entry. */
export function insertExtended(tar: Buffer, r: Random): { tar: Buffer; what: string } {
  const offsets = headerOffsets(tar);
  const at = offsets.length > 0 ? r.pick(offsets) : 0;
  let block: Buffer;
  let what: string;
  if (r.chance(0.7)) {
    const records = Array.from({ length: 1 + r.int(2) }, () => r.pick(PAX_RECORDS));
    const type = r.chance(0.2) ? 'g' : 'x';
    const declared = r.chance(0.15) ? r.pick([0, 3, 1 << 21, 0o77777777777]) : undefined;
    block = paxHeader(records, type, declared);
    what = `pax ${type} ${records.map((x) => x.slice(0, 24)).join(', ')}${declared !== undefined ? ` declared ${declared}` : ''}`;
  } else {
    const size = r.pick([10, 200, 2 << 20]);
    const name = Buffer.alloc(Math.min(size, 4096), 0x6e);
    block = paxHeader([], 'L', size);
    block = Buffer.concat([block.subarray(0, BLOCK), name, Buffer.alloc((BLOCK - (name.length % BLOCK)) % BLOCK)]);
    what = `gnu long name of ${size} bytes`;
  }
  return { tar: Buffer.concat([tar.subarray(0, at), block, tar.subarray(at)]), what };
}

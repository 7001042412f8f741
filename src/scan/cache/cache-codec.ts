/**
 * The on-disk form of a LayerScan: JSON with entries as compact arrays, gzip-compressed.
 * Decoding checks the shape and the counts, so a damaged entry is rejected, never trusted.
 * (De)compression runs on libuv's thread pool and the rows are written a batch at a time, so
 * a large layer's cache file (200k entries) never holds the event loop (explore's keys) long.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import { countRecord, emptyCounts, inodesOf, type EntryType, type FileRecord } from '../file-record.js';
import { SCAN_FORMAT_VERSION, type LayerScan } from '../layer-scan.js';

const TYPES: EntryType[] = ['file', 'dir', 'symlink', 'hardlink', 'whiteout', 'opaque', 'char', 'block', 'fifo'];
/** path, type, size, mode, link target, hash, raw name, uid, gid, kept text (package metadata) */
type Row = [string, number, number, number, string | 0, string | 0, 1 | 0, number, number, string | 0];

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);
/** Rows turned into JSON between two turns of the event loop. */
const BATCH = 8192;

export async function encodeScan(scan: LayerScan): Promise<Buffer> {
  const { entries, ...meta } = scan;
  const parts: string[] = [];
  for (let at = 0; at < entries.length; at += BATCH) {
    if (at > 0) await nextTurn();
    parts.push(JSON.stringify(entries.slice(at, at + BATCH).map(toRow)).slice(1, -1));
  }
  // `rows` is the last key: its empty array is replaced by the batches.
  const head = JSON.stringify({ ...meta, rows: [] });
  const text = `${head.slice(0, -3)}[${parts.join(',')}]}`;
  return gzip(Buffer.from(text), { level: 1 });
}

function toRow(e: FileRecord): Row {
  return [
    e.path,
    TYPES.indexOf(e.type),
    e.size,
    e.mode,
    e.linkTarget ?? 0,
    e.hash ?? 0,
    e.rawName ? 1 : 0,
    e.uid ?? 0,
    e.gid ?? 0,
    e.text ?? 0,
  ];
}

/** Returns undefined for anything that is not a complete, consistent scan of `diffID`. */
export async function decodeScan(bytes: Buffer, diffID: string): Promise<LayerScan | undefined> {
  try {
    const raw = JSON.parse((await gunzip(bytes)).toString('utf8'));
    if (raw.formatVersion !== SCAN_FORMAT_VERSION || raw.diffID !== diffID || !Array.isArray(raw.rows))
      return undefined;
    const entries = (raw.rows as Row[]).map(toRecord);
    const counts = emptyCounts();
    for (const e of entries) countRecord(counts, e.type);
    if (JSON.stringify(counts) !== JSON.stringify(raw.counts) || inodesOf(counts) !== raw.inodes) return undefined;
    if (!consistentMeta(raw, entries)) return undefined;
    const { rows: _rows, ...meta } = raw;
    return { ...meta, entries } as LayerScan;
  } catch {
    return undefined;
  }
}

const isBytes = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/** The scan's own figures agree with its entries (a garbled number would make results wrong). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
function consistentMeta(raw: any, entries: FileRecord[]): boolean {
  if (typeof raw.hashed !== 'boolean') return false;
  if (![raw.tarSize, raw.gzipEstimate, raw.contentBytes, raw.size].every(isBytes)) return false;
  let content = 0;
  let links = 0;
  for (const e of entries) {
    if (e.type === 'file') content += e.size;
    else if (e.type === 'symlink') links += Buffer.byteLength(e.linkTarget ?? '');
    if (raw.hashed && e.type === 'file' && typeof e.hash !== 'string') return false;
  }
  return raw.contentBytes === content && raw.size === content + links;
}

function toRecord(row: Row): FileRecord {
  const [path, type, size, mode, link, hash, rawName, uid, gid, text] = row;
  if (
    typeof path !== 'string' ||
    !TYPES[type] ||
    typeof size !== 'number' ||
    typeof mode !== 'number' ||
    !isId(uid) ||
    !isId(gid)
  ) {
    throw new Error('bad row');
  }
  const record: FileRecord = { path, type: TYPES[type], size, mode };
  if (link) record.linkTarget = link;
  if (rawName) record.rawName = true;
  if (hash) record.hash = hash;
  if (typeof text === 'string') record.text = text;
  if (uid > 0) record.uid = uid;
  if (gid > 0) record.gid = gid;
  return record;
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

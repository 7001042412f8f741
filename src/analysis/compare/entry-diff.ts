/**
 * When two entries at one path are the same: the one rule of `diff`'s file diff (file-diff.ts,
 * final file systems) and of explore's step diff (a layer, or the file system up to it, of
 * two merged images). Pure.
 *
 * Entries differ by type, size, permission bits, link target, or content hash — the hash
 * only where every scan of both sides carries hashes (a side scanned without them has none
 * to compare, and the report says so: FileDiff.contentCompared).
 */
import type { LayerScan } from '../../scan/layer-scan.js';
import type { FinalEntry } from '../fs/final-view.js';
import { T_HARDLINK, type MergedFs } from '../fs/merge.js';
import { apparentBytes, eventRecord } from '../fs/merged-queries.js';

export type DiffReason = 'type' | 'size' | 'mode' | 'link' | 'content';

/** An entry as a comparison reads it: its record, the bytes it counts and its content hash. */
export type ComparedEntry = Pick<FinalEntry, 'record' | 'bytes' | 'hash'>;

/** True when every scan of both sides carries content hashes, so same-size files can be compared. */
export function contentComparable(a: LayerScan[], b: LayerScan[]): boolean {
  return [...a, ...b].every((s) => s.hashed);
}

/** Why the entries differ; none when they are the same. `content`: see contentComparable. */
export function entryDifferences(a: ComparedEntry, b: ComparedEntry, content: boolean): DiffReason[] {
  const [ra, rb] = [a.record, b.record];
  if (ra.type !== rb.type) return ['type'];
  const out: DiffReason[] = [];
  if (a.bytes !== b.bytes) out.push('size');
  if (ra.mode !== rb.mode) out.push('mode');
  if (ra.type !== 'dir' && ra.linkTarget !== rb.linkTarget) out.push('link');
  if (content && a.bytes === b.bytes && a.hash !== b.hash) out.push('content');
  return out;
}

/**
 * Event `e` of a merged file system (one in a view: not a removal) as a comparison reads it.
 * A hardlink shows the size and content of the file it names (apparentBytes).
 */
export function eventEntry(fs: MergedFs, e: number): ComparedEntry {
  const ev = fs.events;
  const record = eventRecord(fs, e)!;
  const file = ev.type[e] === T_HARDLINK && ev.owner[e] >= 0 ? ev.owner[e] : e;
  return { record, bytes: apparentBytes(fs, e), hash: eventRecord(fs, file)?.hash };
}

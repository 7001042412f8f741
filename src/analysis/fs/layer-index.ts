/**
 * Look-ups into one layer's entries by path, built once per LayerScan and shared by every
 * image of a run that holds the layer (a series of releases shares most of its layers, so
 * most indexes are built once for the whole series). The directory sets are built only when
 * asked for. Pure, memoized by identity.
 */
import type { FileRecord } from '../../scan/file-record.js';
import type { LayerScan } from '../../scan/layer-scan.js';

export interface LayerIndex {
  scan: LayerScan;
  /** Path -> index in scan.entries of the entry the layer leaves there (the last one in tar order). Whiteouts and opaque markers excluded. */
  entries: Map<string, number>;
  /** Paths a whiteout deletes (with everything below them) from lower layers. */
  whiteouts: Set<string>;
  /** Directories an opaque marker empties of what lower layers put in them. */
  opaques: Set<string>;
  /** Paths of the layer's hardlinks, in tar order. */
  hardlinks: string[];
}

const indexes = new WeakMap<LayerScan, LayerIndex>();
const writtenDirs = new WeakMap<LayerScan, Set<string>>();
const mentionedDirs = new WeakMap<LayerScan, Set<string>>();
const sortedPaths = new WeakMap<LayerScan, string[]>();

export function layerIndex(scan: LayerScan): LayerIndex {
  const known = indexes.get(scan);
  if (known) return known;
  const index: LayerIndex = { scan, entries: new Map(), whiteouts: new Set(), opaques: new Set(), hardlinks: [] };
  const entries = scan.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.type === 'whiteout') index.whiteouts.add(e.path);
    else if (e.type === 'opaque') index.opaques.add(e.path);
    else {
      index.entries.set(e.path, i);
      if (e.type === 'hardlink') index.hardlinks.push(e.path);
    }
  }
  indexes.set(scan, index);
  return index;
}

/** The entry the layer leaves at `path`, if any (whiteouts and opaque markers are not entries). */
export function entryAt(index: LayerIndex, path: string): FileRecord | undefined {
  const i = index.entries.get(path);
  return i === undefined ? undefined : index.scan.entries[i];
}

/** Every directory the layer writes an entry below (proper ancestors of its entries). */
export function dirsBelow(index: LayerIndex): Set<string> {
  let dirs = writtenDirs.get(index.scan);
  if (!dirs) {
    dirs = ancestorsOf(index.entries.keys());
    writtenDirs.set(index.scan, dirs);
  }
  return dirs;
}

/** Proper ancestors of every path the layer mentions, whiteouts and opaque markers included. */
export function dirsMentioned(index: LayerIndex): Set<string> {
  let dirs = mentionedDirs.get(index.scan);
  if (!dirs) {
    dirs =
      index.whiteouts.size + index.opaques.size === 0
        ? dirsBelow(index)
        : ancestorsOf(index.scan.entries.map((e) => e.path));
    mentionedDirs.set(index.scan, dirs);
  }
  return dirs;
}

function ancestorsOf(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  let last = '';
  for (const p of paths) {
    const slash = p.lastIndexOf('/');
    // Tar entries come grouped by directory: skip the work when the parent is the last one's.
    if (slash === last.length && p.startsWith(last)) continue;
    last = p.slice(0, slash);
    for (let d = last; d.length > 0 && !dirs.has(d); d = d.slice(0, d.lastIndexOf('/'))) dirs.add(d);
  }
  return dirs;
}

/** The directory holding `path` ("/" for a top-level path). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** True when the layer hides what lower layers hold below `path`: a whiteout, an opaque marker or a non-directory there. */
export function hidesBelow(index: LayerIndex, path: string): boolean {
  if (index.whiteouts.has(path) || index.opaques.has(path)) return true;
  const entry = entryAt(index, path);
  return entry !== undefined && entry.type !== 'dir';
}

/** Every path the layer mentions strictly below `dir` (entries, whiteout targets, opaque dirs). */
export function pathsBelow(index: LayerIndex, dir: string): string[] {
  if (!dirsMentioned(index).has(dir)) return [];
  let sorted = sortedPaths.get(index.scan);
  if (!sorted) {
    sorted = index.scan.entries.map((e) => e.path).sort();
    sortedPaths.set(index.scan, sorted);
  }
  // Every path starting with "dir/" sorts in ["dir/", "dir0"): '0' follows '/'.
  const out: string[] = [];
  const end = `${dir}0`;
  for (let i = lowerBound(sorted, `${dir}/`); i < sorted.length && sorted[i] < end; i++) out.push(sorted[i]);
  return out;
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

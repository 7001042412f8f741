/**
 * Directory roll-ups of a view (final file system or one layer): for every directory, the
 * bytes and inodes of everything below it, itself included. Top N lists, a depth-limited
 * tree and the largest files are read from them. Pure.
 */
import { T_DIR, T_FILE, T_HARDLINK, type MergedFs } from './merge.js';
import { viewEntries, type FsView, type ViewEntries } from './merged-queries.js';

export type SortKey = 'size' | 'inodes';

export interface DirectoryTotal {
  path: string;
  bytes: number;
  inodes: number;
  /** Regular files below it: hardlinks, symlinks, whiteouts and devices are not files (as in the FILES column and the Final FS line). */
  files: number;
}

export interface TopDirectories {
  byBytes: DirectoryTotal[];
  byInodes: DirectoryTotal[];
}

export interface TreeNode extends DirectoryTotal {
  name: string;
  /** Subdirectories shown (none below the depth limit). */
  children: TreeNode[];
  /** All its subdirectories in the view, shown or not. */
  subdirectories: number;
  /** Subdirectories left out by the per-directory limit. */
  omitted: number;
}

export interface FileEntry {
  path: string;
  bytes: number;
  /** 1-based layer that wrote this copy. */
  layer: number;
}

export interface Rollup {
  fs: MergedFs;
  entries: ViewEntries;
  bytes: Float64Array;
  inodes: Float64Array;
  files: Float64Array;
  /** 1 where the path is a directory in the view (an entry or an implied parent). */
  isDir: Uint8Array;
}

/**
 * `entries` may be passed when the caller already has the view's entries; `reuse`, a
 * Rollup the caller is done with, lends its arrays (zeroed here) instead of new ones.
 */
export function rollup(
  fs: MergedFs,
  view: FsView,
  entries: ViewEntries = viewEntries(fs, view),
  reuse?: Rollup,
): Rollup {
  const n = fs.paths.size;
  const zeroed = <T extends Float64Array | Uint8Array>(a: T | undefined, make: () => T): T =>
    a && a.length === n ? (a.fill(0), a) : make();
  const r: Rollup = {
    fs,
    entries,
    bytes: zeroed(reuse?.bytes, () => new Float64Array(n)),
    inodes: zeroed(reuse?.inodes, () => new Float64Array(n)),
    files: zeroed(reuse?.files, () => new Float64Array(n)),
    isDir: zeroed(reuse?.isDir, () => new Uint8Array(n)),
  };
  const { events, bytes, inodes } = r.entries;
  const seen = new Uint8Array(n);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const own = fs.events.path[e];
    const type = fs.events.type[e];
    if (type === T_DIR) r.isDir[own] = 1;
    else if (type === T_FILE) r.files[own] += 1;
    r.bytes[own] += bytes[i];
    r.inodes[own] += inodes[i];
    seen[own] = 1;
  }
  if (view.kind === 'layer') chargeWhiteouts(r, view.index, seen);
  // A parent's id is smaller than its children's: one pass from the last id adds each
  // path's totals to its parent, bottom up.
  const parent = fs.paths.parent;
  for (let id = n - 1; id > 0; id--) {
    if (!seen[id]) continue;
    const q = parent[id];
    r.bytes[q] += r.bytes[id];
    r.inodes[q] += r.inodes[id];
    r.files[q] += r.files[id];
    r.isDir[q] = 1;
    seen[q] = 1;
  }
  return r;
}

/**
 * A layer's whiteouts are entries of their own (0/0 character devices on overlay2, one inode
 * each, as the layer table counts them), in the directory of the path they delete. Their
 * removals are not entries of the layer view, so they are charged here.
 */
function chargeWhiteouts(r: Rollup, index: number, seen: Uint8Array): void {
  const records = r.fs.scans[index].entries;
  const ids = r.fs.recordPaths[index];
  const parent = r.fs.paths.parent;
  for (let i = 0; i < records.length; i++) {
    if (records[i].type !== 'whiteout') continue;
    const dir = ids[i] > 0 ? parent[ids[i]] : 0;
    r.inodes[dir] += 1;
    r.isDir[dir] = 1;
    seen[dir] = 1;
  }
}

const total = (r: Rollup, id: number): DirectoryTotal => ({
  path: r.fs.paths.names[id],
  bytes: r.bytes[id],
  inodes: r.inodes[id],
  files: r.files[id],
});

function compare(r: Rollup, key: SortKey): (a: number, b: number) => number {
  const names = r.fs.paths.names;
  const [first, second] = key === 'size' ? [r.bytes, r.inodes] : [r.inodes, r.bytes];
  return (a, b) =>
    first[b] - first[a] || second[b] - second[a] || (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0);
}

/** The `top` directories (the root left out) with the most bytes and with the most inodes. */
export function topDirectories(r: Rollup, top: number): TopDirectories {
  const dirs: number[] = [];
  for (let id = 1; id < r.isDir.length; id++) if (r.isDir[id] && r.inodes[id] > 0) dirs.push(id);
  const pick = (key: SortKey) => selectTop(dirs, top, compare(r, key)).map((id) => total(r, id));
  return { byBytes: pick('size'), byInodes: pick('inodes') };
}

/** The directory tree from the root, `depth` levels deep, children largest first (at most `perDir` each). */
export function directoryTree(r: Rollup, opts: { depth: number; sort: SortKey; perDir?: number }): TreeNode {
  const cmp = compare(r, opts.sort);
  const build = (id: number, level: number): TreeNode => {
    const subdirs = r.fs.paths.childIds(id).filter((c) => r.isDir[c]);
    const name = id === 0 ? '/' : r.fs.paths.baseName(id);
    const node: TreeNode = { ...total(r, id), name, children: [], subdirectories: subdirs.length, omitted: 0 };
    if (level >= opts.depth) return node;
    subdirs.sort(cmp);
    const shown = opts.perDir === undefined ? subdirs : subdirs.slice(0, opts.perDir);
    node.omitted = subdirs.length - shown.length;
    node.children = shown.map((c) => build(c, level + 1));
    return node;
  };
  return build(0, 0);
}

/** The `top` largest files of the view; a hardlink is listed only where it carries the bytes. */
export function topFiles(r: Rollup, top: number): FileEntry[] {
  const { events, bytes } = r.entries;
  const ev = r.fs.events;
  const picked: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const t = ev.type[events[i]];
    if (t === T_FILE || (t === T_HARDLINK && bytes[i] > 0)) picked.push(i);
  }
  const names = r.fs.paths.names;
  const byBytes = (a: number, b: number) =>
    bytes[b] - bytes[a] || (names[ev.path[events[a]]] < names[ev.path[events[b]]] ? -1 : 1);
  return selectTop(picked, top, byBytes).map((i) => ({
    path: names[ev.path[events[i]]],
    bytes: bytes[i],
    layer: ev.layer[events[i]] + 1,
  }));
}

/** The first `k` items of `items` in `cmp` order, without sorting all of them when k is small. */
export function selectTop(items: number[], k: number, cmp: (a: number, b: number) => number): number[] {
  if (k <= 0) return [];
  if (items.length <= k * 4) return [...items].sort(cmp).slice(0, k);
  const best: number[] = [];
  for (const item of items) {
    if (best.length === k && cmp(item, best[k - 1]) >= 0) continue;
    let i = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(item);
    while (i > 0 && cmp(item, best[i - 1]) < 0) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = item;
  }
  return best;
}

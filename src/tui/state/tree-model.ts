/**
 * The files pane as data: for one layer of a MergedFs, either the changes that layer made
 * (added / modified / removed) or the file system merged up to it (every entry marked by
 * whether this layer changed it), with directories rolled up in bytes and inodes. Then the
 * rows the user sees: kinds toggled on, paths matching the filter, open directories only,
 * children sorted. Pure; each stage is a function of the one before so callers can memoize
 * them separately (a cursor move recomputes nothing, a filter keystroke only the last two).
 */
import { rollup } from '../../analysis/fs/directory-rollup.js';
import { eventRecord } from '../../analysis/fs/merged-queries.js';
import { ADDED, REMOVED, T_DIR, T_HARDLINK, TYPE_NAMES, type MergedFs } from '../../analysis/fs/merge.js';
import type { PathTable } from '../../analysis/fs/path-table.js';
import { holds, parseFilter } from './filter-query.js';
import type { EntryType, FileRecord } from '../../scan/file-record.js';
import type { ChangeStatus, FileSort, ViewMode } from './state.js';

/** Status bits; IMPLIED marks a directory present only as the parent of other entries. */
export const S_ADDED = 1;
export const S_MODIFIED = 2;
export const S_REMOVED = 4;
export const S_UNMODIFIED = 8;
export const S_IMPLIED = 16;
const STATUS_BIT: Record<ChangeStatus, number> = {
  added: S_ADDED,
  modified: S_MODIFIED,
  removed: S_REMOVED,
  unmodified: S_UNMODIFIED,
};

/** The files of one view, per path id of `paths`; built from one image, or from two (compare). */
export interface FilesView {
  paths: PathTable;
  /** Per path id: one status bit, or 0 when the path is not in this view. */
  status: Uint8Array;
  /** Per path id: the entry type (an index into TYPE_NAMES; implied directories are dirs). */
  type: Uint8Array;
  /** Per path id, rolled up: bytes and inodes present (for removed paths: what was removed). */
  bytes: Float64Array;
  inodes: Float64Array;
  isDir: Uint8Array;
  /** The tar entry a path has in the view (its mode, owner, link target); none for removed and implied paths. */
  record(id: number): FileRecord | undefined;
  /** Number of paths in the view (every status but 0). */
  size: number;
}

export function buildFilesView(fs: MergedFs, layer: number, mode: ViewMode): FilesView {
  const r = rollup(fs, mode === 'changes' ? { kind: 'layer', index: layer } : { kind: 'merged-at', index: layer });
  const n = fs.paths.size;
  const event = new Int32Array(n).fill(-1);
  const view: FilesView = {
    paths: fs.paths,
    status: new Uint8Array(n),
    type: new Uint8Array(n).fill(T_DIR),
    bytes: r.bytes,
    inodes: r.inodes,
    isDir: r.isDir,
    record: (id) => eventRecord(fs, event[id]),
    size: 0,
  };
  const ev = fs.events;
  for (const e of r.entries.events) {
    const own = ev.layer[e] === layer;
    view.status[ev.path[e]] = !own ? S_UNMODIFIED : ev.kind[e] === ADDED ? S_ADDED : S_MODIFIED;
    view.type[ev.path[e]] = ev.type[e];
    event[ev.path[e]] = e;
  }
  addRemovals(view, event, fs, layer);
  markImplied(view);
  return view;
}

/** Marks directories present only as parents; counts the paths in the view. */
export function markImplied(view: FilesView): void {
  const parent = view.paths.parent;
  for (let id = view.status.length - 1; id > 0; id--) {
    if (view.status[id] === 0) continue;
    view.size++;
    if (view.status[parent[id]] === 0 && parent[id] > 0) view.status[parent[id]] = S_IMPLIED;
  }
}

/** Entries the layer removed, with what they held (rolled up over removed paths only). */
function addRemovals(view: FilesView, event: Int32Array, fs: MergedFs, layer: number): void {
  const ev = fs.events;
  const removed: number[] = [];
  for (let e = fs.layerStart[layer]; e < fs.layerStart[layer + 1]; e++) if (ev.kind[e] === REMOVED) removed.push(e);
  if (removed.length === 0) return;
  const bytes = new Float64Array(view.bytes);
  const inodes = new Float64Array(view.inodes);
  const isDir = new Uint8Array(view.isDir);
  for (const e of removed) {
    const id = ev.path[e];
    view.status[id] = S_REMOVED;
    view.type[id] = ev.type[e];
    event[id] = e;
    bytes[id] = ev.bytes[e];
    inodes[id] = ev.type[e] === T_HARDLINK ? 0 : 1;
    isDir[id] = ev.type[e] === T_DIR ? 1 : 0;
  }
  // Children before parents (a child's id is larger than its parent's): sum removed subtrees.
  const parent = fs.paths.parent;
  const ids = Int32Array.from(removed, (e) => ev.path[e])
    .sort()
    .reverse();
  for (const id of ids) {
    const p = parent[id];
    if (view.status[p] === S_REMOVED) {
      bytes[p] += bytes[id];
      inodes[p] += inodes[id];
    }
  }
  Object.assign(view, { bytes, inodes, isDir });
}

/**
 * Per path id: 1 where the path itself matches `filter` (its regex, and its size terms for a
 * non-directory or inode terms for a directory, see filter-query.ts); null when there is no filter.
 */
export function matchPaths(view: FilesView, filter: string): Uint8Array | null {
  const parsed = parseFilter(filter);
  if (!parsed.ok || !parsed.query) return null;
  const { regex, size, inodes } = parsed.query;
  const names = view.paths.names;
  const out = new Uint8Array(view.status.length);
  for (let id = 1; id < out.length; id++) {
    if (view.status[id] === 0 || (regex && !regex.test(names[id]))) continue;
    const dir = view.isDir[id] === 1 || view.type[id] === T_DIR;
    if (size.length > 0 && (dir || !holds(size, view.bytes[id]))) continue;
    if (inodes.length > 0 && (!dir || !holds(inodes, view.inodes[id]))) continue;
    out[id] = 1;
  }
  return out;
}

/** Per path id: 1 where the path, or something below it, is shown (kind toggled on and matching). */
export function visibleMask(
  view: FilesView,
  match: Uint8Array | null,
  show: Readonly<Record<ChangeStatus, number | boolean>>,
): Uint8Array {
  let enabled = 0;
  for (const k of Object.keys(STATUS_BIT) as ChangeStatus[]) if (show[k]) enabled |= STATUS_BIT[k];
  const out = new Uint8Array(view.status.length);
  const parent = view.paths.parent;
  for (let id = out.length - 1; id > 0; id--) {
    if (!out[id] && (view.status[id] & enabled) !== 0 && (!match || match[id])) out[id] = 1;
    if (out[id]) out[parent[id]] = 1;
  }
  return out;
}

export interface VisibleRows {
  /** Path id of each row. */
  ids: Int32Array;
  depth: Uint16Array;
  /** Row of the parent directory (-1 at the top). */
  parent: Int32Array;
  open: Uint8Array;
  count: number;
}

/** The rows on screen, top to bottom: children of open directories, sorted. */
export function flattenRows(
  view: FilesView,
  visible: Uint8Array,
  sort: FileSort,
  isOpen: (path: string) => boolean,
): VisibleRows {
  const rows = { ids: [] as number[], depth: [] as number[], parent: [] as number[], open: [] as number[] };
  const paths = view.paths;
  const cmp = comparator(view, sort);
  const walk = (dir: number, depth: number, parentRow: number) => {
    const kids: number[] = [];
    for (let c = paths.firstChild[dir]; c >= 0; c = paths.nextSibling[c]) if (visible[c]) kids.push(c);
    kids.sort(cmp);
    for (const id of kids) {
      const row = rows.ids.length;
      const open = hasVisibleChild(view, visible, id) && isOpen(paths.names[id]);
      rows.ids.push(id);
      rows.depth.push(depth);
      rows.parent.push(parentRow);
      rows.open.push(open ? 1 : 0);
      if (open) walk(id, depth + 1, row);
    }
  };
  walk(0, 0, -1);
  return {
    ids: Int32Array.from(rows.ids),
    depth: Uint16Array.from(rows.depth),
    parent: Int32Array.from(rows.parent),
    open: Uint8Array.from(rows.open),
    count: rows.ids.length,
  };
}

function hasVisibleChild(view: FilesView, visible: Uint8Array, id: number): boolean {
  const paths = view.paths;
  for (let c = paths.firstChild[id]; c >= 0; c = paths.nextSibling[c]) if (visible[c]) return true;
  return false;
}

function comparator(view: FilesView, sort: FileSort): (a: number, b: number) => number {
  const names = view.paths.names;
  const byName = (a: number, b: number) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0);
  if (sort === 'name') return byName;
  const [first, second] = sort === 'size' ? [view.bytes, view.inodes] : [view.inodes, view.bytes];
  return (a, b) => first[b] - first[a] || second[b] - second[a] || byName(a, b);
}

/** What one row shows. */
export interface FileRow {
  path: string;
  name: string;
  depth: number;
  status: ChangeStatus | 'implied';
  type: EntryType;
  dir: boolean;
  /** Has children shown when open. */
  expandable: boolean;
  open: boolean;
  bytes: number;
  inodes: number;
  linkTarget?: string;
  /** Permission bits and owner of its entry; absent for removed and implied paths. */
  attributes?: { mode: number; uid?: number; gid?: number };
}

const STATUS_NAME = new Map<number, ChangeStatus | 'implied'>([
  [S_ADDED, 'added'],
  [S_MODIFIED, 'modified'],
  [S_REMOVED, 'removed'],
  [S_UNMODIFIED, 'unmodified'],
  [S_IMPLIED, 'implied'],
]);

export function fileRow(view: FilesView, rows: VisibleRows, visible: Uint8Array, i: number): FileRow {
  const id = rows.ids[i];
  const type = TYPE_NAMES[view.type[id]];
  const record = view.record(id);
  const removed = view.status[id] === S_REMOVED;
  return {
    path: view.paths.names[id],
    name: view.paths.baseName(id),
    depth: rows.depth[i],
    status: STATUS_NAME.get(view.status[id]) ?? 'implied',
    type,
    dir: view.isDir[id] === 1 || type === 'dir',
    expandable: hasVisibleChild(view, visible, id),
    open: rows.open[i] === 1,
    bytes: view.bytes[id],
    inodes: view.inodes[id],
    linkTarget: record?.linkTarget,
    attributes: record && !removed ? { mode: record.mode, uid: record.uid, gid: record.gid } : undefined,
  };
}

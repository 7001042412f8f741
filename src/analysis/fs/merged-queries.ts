/**
 * Questions asked of a MergedFs: the history of one path, the changes one layer made, and
 * the entries of a view (the final file system, the file system as of layer N, or one
 * layer's own entries) with the bytes and inodes each one costs. Pure.
 */
import type { EntryType, FileRecord } from '../../scan/file-record.js';
import { CHANGE_KINDS, REMOVED, T_FILE, T_HARDLINK, TYPE_NAMES, type ChangeKind, type MergedFs } from './merge.js';

/**
 * final: the file system a container starts from; merged-at: the union of layers 1..N+1
 * (0-based index); layer: the entries of one layer as written (overwritten ones included).
 */
export type FsView = { kind: 'final' } | { kind: 'merged-at'; index: number } | { kind: 'layer'; index: number };

export interface PathChange {
  /** 1-based layer number. */
  layer: number;
  change: ChangeKind;
  type: EntryType;
  /** Content bytes in that layer (for a hardlink: its target's). */
  size: number;
}

export interface LayerChange extends PathChange {
  path: string;
}

/** Which layers added, modified or removed `path`, and its size in each; [] when no layer mentions it. */
export function pathHistory(fs: MergedFs, path: string): PathChange[] {
  const id = fs.paths.idOf(path);
  if (id < 0) return [];
  const out: PathChange[] = [];
  let e = fs.lastOfPath[id];
  while (e >= 0) {
    out.push(changeOf(fs, e));
    e = fs.events.prevOfPath[e];
  }
  return out.reverse();
}

/** Every change layer `index` (0-based) made, removals included, in tar order then removals. */
export function layerChanges(fs: MergedFs, index: number): LayerChange[] {
  const out: LayerChange[] = [];
  for (let e = fs.layerStart[index]; e < fs.layerStart[index + 1]; e++) {
    out.push({ path: fs.paths.names[fs.events.path[e]], ...changeOf(fs, e) });
  }
  return out;
}

function changeOf(fs: MergedFs, e: number): PathChange {
  const ev = fs.events;
  return {
    layer: ev.layer[e] + 1,
    change: CHANGE_KINDS[ev.kind[e]],
    type: TYPE_NAMES[ev.type[e]],
    size: apparentBytes(fs, e),
  };
}

/** The scan record event `e` wrote; undefined for a removal (or no event: e < 0). */
export function eventRecord(fs: MergedFs, e: number): FileRecord | undefined {
  const r = e < 0 ? -1 : fs.events.record[e];
  return r >= 0 ? fs.scans[fs.events.layer[e]].entries[r] : undefined;
}

/** A hardlink shows its target's size; everything else its own. */
export function apparentBytes(fs: MergedFs, e: number): number {
  const ev = fs.events;
  if (ev.type[e] === T_HARDLINK && ev.owner[e] >= 0) return ev.bytes[ev.owner[e]];
  return ev.bytes[e];
}

/** True when event `e` is an entry present in the view. */
export function inView(fs: MergedFs, view: FsView, e: number): boolean {
  const ev = fs.events;
  if (ev.kind[e] === REMOVED) return false;
  if (view.kind === 'layer') return ev.layer[e] === view.index;
  const at = view.kind === 'final' ? fs.layerCount - 1 : view.index;
  if (ev.layer[e] > at) return false;
  const next = ev.nextOfPath[e];
  return next < 0 || ev.layer[next] > at;
}

/** The entries of a view with what each costs: hardlinked bytes and inodes count once per group. */
export interface ViewEntries {
  events: Int32Array;
  bytes: Float64Array;
  inodes: Uint8Array;
}

export function viewEntries(fs: MergedFs, view: FsView): ViewEntries {
  const ev = fs.events;
  const [from, to] =
    view.kind === 'layer' ? [fs.layerStart[view.index], fs.layerStart[view.index + 1]] : [0, fs.eventCount];
  const all = new Int32Array(to - from);
  let count = 0;
  for (let e = from; e < to; e++) if (inView(fs, view, e)) all[count++] = e;
  const events = all.subarray(0, count);
  const bytes = new Float64Array(events.length);
  const inodes = new Uint8Array(events.length);
  const charged = new Set<number>();
  events.forEach((e, i) => {
    const type = ev.type[e];
    if (type !== T_HARDLINK) {
      bytes[i] = type === T_FILE ? ev.bytes[e] : 0;
      inodes[i] = 1;
      return;
    }
    const owner = ev.owner[e];
    if (owner >= 0 && inView(fs, view, owner)) return;
    // The file it shares an inode with is gone from this view: the first surviving link carries it.
    if (owner >= 0 && charged.has(owner)) return;
    if (owner >= 0) charged.add(owner);
    bytes[i] = owner >= 0 ? ev.bytes[owner] : 0;
    inodes[i] = 1;
  });
  return { events, bytes, inodes };
}

/** Hardlink groups: owner file event -> its hardlink events. */
export function hardlinkGroups(fs: MergedFs): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  const ev = fs.events;
  for (let e = 0; e < fs.eventCount; e++) {
    if (ev.type[e] !== T_HARDLINK || ev.kind[e] === REMOVED || ev.owner[e] < 0) continue;
    const list = groups.get(ev.owner[e]);
    if (list) list.push(e);
    else groups.set(ev.owner[e], [e]);
  }
  return groups;
}

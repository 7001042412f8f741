/**
 * The file-level diff of two images' final file systems: paths added, removed and modified,
 * with byte and inode deltas, and the directories whose totals changed most. Pure.
 *
 * "Modified" means a different type, size, permission bits, link target, or content hash
 * (when both scans carry hashes). A directory counts as modified only when its mode changed;
 * what happens below it is counted on the paths below.
 *
 * Only paths that a layer above the common base (the leading layers with equal chain IDs)
 * touches can differ, so only those are compared — plus every hardlink, whose bytes move
 * when the file it shares an inode with goes away.
 */
import type { EntryType } from '../scan/file-record.js';
import type { Rollup } from './directory-rollup.js';
import { selectTop } from './directory-rollup.js';
import { T_DIR, T_HARDLINK, TYPE_NAMES, type MergedFs } from './merge.js';
import { apparentBytes } from './merged-queries.js';

export interface DiffSide {
  fs: MergedFs;
  /** rollup(fs, { kind: 'final' }). */
  final: Rollup;
}

export type DiffReason = 'type' | 'size' | 'mode' | 'link' | 'content';

export interface FileChange {
  path: string;
  change: 'added' | 'removed' | 'modified';
  type: EntryType;
  bytesBefore: number | null;
  bytesAfter: number | null;
  bytesDelta: number;
  inodesDelta: number;
  reasons: DiffReason[];
}

export interface ChangeTally {
  /** Entries other than directories (files, symlinks, hardlinks, devices). */
  files: number;
  dirs: number;
  /** Net byte and inode change these entries make. */
  bytes: number;
  inodes: number;
}

export interface DirectoryDelta {
  path: string;
  bytesBefore: number;
  bytesAfter: number;
  bytesDelta: number;
  inodesBefore: number;
  inodesAfter: number;
  inodesDelta: number;
}

export interface FileDiff {
  /** False when a side was scanned without content hashes: same-size files were not compared. */
  contentCompared: boolean;
  before: { bytes: number; inodes: number };
  after: { bytes: number; inodes: number };
  added: ChangeTally;
  removed: ChangeTally;
  modified: ChangeTally;
  topDirectories: { byBytes: DirectoryDelta[]; byInodes: DirectoryDelta[] };
  /** The changes with the largest byte delta (directories left out). */
  largestChanges: FileChange[];
}

interface Entry {
  type: number;
  bytes: number;
  inodes: number;
  mode?: number;
  link?: string;
  hash?: string;
}

const tally = (): ChangeTally => ({ files: 0, dirs: 0, bytes: 0, inodes: 0 });

export function diffFiles(a: DiffSide, b: DiffSide, opts: { commonPrefix: number; top: number }): FileDiff {
  const contentCompared = a.fs.scans.every((s) => s.hashed) && b.fs.scans.every((s) => s.hashed);
  const out: FileDiff = {
    contentCompared,
    before: { bytes: a.final.bytes[0], inodes: a.final.inodes[0] },
    after: { bytes: b.final.bytes[0], inodes: b.final.inodes[0] },
    added: tally(),
    removed: tally(),
    modified: tally(),
    topDirectories: { byBytes: [], byInodes: [] },
    largestChanges: [],
  };
  const changes: FileChange[] = [];
  const dirDeltas = new Map<string, { bytes: number; inodes: number }>();
  for (const path of candidatePaths(a.fs, b.fs, opts.commonPrefix)) {
    const change = comparePath(path, entryAt(a, path), entryAt(b, path), contentCompared);
    if (!change) continue;
    const t = out[change.change];
    if (change.type === 'dir') t.dirs++;
    else t.files++;
    t.bytes += change.bytesDelta;
    t.inodes += change.inodesDelta;
    if (change.type !== 'dir') changes.push(change);
    addToAncestors(dirDeltas, change);
  }
  out.topDirectories = topDirectoryDeltas(a, b, dirDeltas, opts.top);
  const byDelta = (x: number, y: number) => Math.abs(changes[y].bytesDelta) - Math.abs(changes[x].bytesDelta) || (changes[x].path < changes[y].path ? -1 : 1);
  out.largestChanges = selectTop(changes.map((_, i) => i), opts.top, byDelta).map((i) => changes[i]);
  return out;
}

/** Paths with an event above the common base in either image, and every hardlink. */
function candidatePaths(a: MergedFs, b: MergedFs, commonPrefix: number): Set<string> {
  const out = new Set<string>();
  for (const fs of [a, b]) {
    const names = fs.paths.names;
    const from = fs.layerStart[Math.min(commonPrefix, fs.layerCount)];
    for (let e = from; e < fs.eventCount; e++) out.add(names[fs.events.path[e]]);
    for (let e = 0; e < from; e++) if (fs.events.type[e] === T_HARDLINK) out.add(names[fs.events.path[e]]);
  }
  out.delete('/');
  return out;
}

/** The entry at `path` in the final view, with its own bytes and inodes; undefined when absent. */
function entryAt(side: DiffSide, path: string): Entry | undefined {
  const { fs, final } = side;
  const id = fs.paths.idOf(path);
  if (id < 0) return undefined;
  const e = fs.live[id];
  if (e < 0) return final.isDir[id] ? { type: T_DIR, bytes: 0, inodes: 0 } : undefined;
  const type = fs.events.type[e];
  const record = fs.scans[fs.events.layer[e]].entries[fs.events.record[e]];
  const owner = type === T_HARDLINK ? fs.events.owner[e] : -1;
  const hash = owner >= 0 ? fs.scans[fs.events.layer[owner]].entries[fs.events.record[owner]].hash : record.hash;
  return {
    type,
    bytes: type === T_DIR ? 0 : type === T_HARDLINK ? final.bytes[id] : apparentBytes(fs, e),
    inodes: type === T_DIR ? 1 : final.inodes[id],
    mode: record.mode,
    link: record.linkTarget,
    hash,
  };
}

function comparePath(path: string, a: Entry | undefined, b: Entry | undefined, content: boolean): FileChange | undefined {
  if (!a && !b) return undefined;
  const reasons = a && b ? differences(a, b, content) : [];
  if (a && b && reasons.length === 0) return undefined;
  const bytesBefore = a ? a.bytes : null;
  const bytesAfter = b ? b.bytes : null;
  return {
    path,
    change: !a ? 'added' : !b ? 'removed' : 'modified',
    type: TYPE_NAMES[(b ?? a)!.type],
    bytesBefore,
    bytesAfter,
    bytesDelta: (bytesAfter ?? 0) - (bytesBefore ?? 0),
    inodesDelta: (b?.inodes ?? 0) - (a?.inodes ?? 0),
    reasons,
  };
}

function differences(a: Entry, b: Entry, content: boolean): DiffReason[] {
  if (a.type !== b.type) return ['type'];
  const out: DiffReason[] = [];
  if (a.type !== T_DIR && a.bytes !== b.bytes) out.push('size');
  if (a.mode !== undefined && b.mode !== undefined && a.mode !== b.mode) out.push('mode');
  if (a.type !== T_DIR && a.link !== b.link) out.push('link');
  if (content && a.bytes === b.bytes && a.hash !== b.hash) out.push('content');
  return out;
}

/** Adds a change's deltas to every directory above it (and to itself when it is one). */
function addToAncestors(deltas: Map<string, { bytes: number; inodes: number }>, c: FileChange): void {
  if (c.bytesDelta === 0 && c.inodesDelta === 0) return;
  let dir = c.type === 'dir' ? c.path : c.path.slice(0, c.path.lastIndexOf('/'));
  while (dir.length > 0) {
    const d = deltas.get(dir);
    if (d) {
      d.bytes += c.bytesDelta;
      d.inodes += c.inodesDelta;
    } else deltas.set(dir, { bytes: c.bytesDelta, inodes: c.inodesDelta });
    dir = dir.slice(0, dir.lastIndexOf('/'));
  }
}

function topDirectoryDeltas(a: DiffSide, b: DiffSide, deltas: Map<string, { bytes: number; inodes: number }>, top: number): FileDiff['topDirectories'] {
  const paths = [...deltas.keys()];
  const pick = (key: 'bytes' | 'inodes', other: 'bytes' | 'inodes') => {
    const ids = paths.map((_, i) => i).filter((i) => deltas.get(paths[i])![key] !== 0);
    const cmp = (x: number, y: number) => {
      const dx = deltas.get(paths[x])!;
      const dy = deltas.get(paths[y])!;
      return Math.abs(dy[key]) - Math.abs(dx[key]) || Math.abs(dy[other]) - Math.abs(dx[other]) || (paths[x] < paths[y] ? -1 : 1);
    };
    return selectTop(ids, top, cmp).map((i) => directoryDelta(a, b, paths[i]));
  };
  return { byBytes: pick('bytes', 'inodes'), byInodes: pick('inodes', 'bytes') };
}

function directoryDelta(a: DiffSide, b: DiffSide, path: string): DirectoryDelta {
  const total = (side: DiffSide) => {
    const id = side.fs.paths.idOf(path);
    return id < 0 || !side.final.isDir[id] ? { bytes: 0, inodes: 0 } : { bytes: side.final.bytes[id], inodes: side.final.inodes[id] };
  };
  const before = total(a);
  const after = total(b);
  return {
    path,
    bytesBefore: before.bytes,
    bytesAfter: after.bytes,
    bytesDelta: after.bytes - before.bytes,
    inodesBefore: before.inodes,
    inodesAfter: after.inodes,
    inodesDelta: after.inodes - before.inodes,
  };
}

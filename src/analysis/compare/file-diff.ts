/**
 * The file-level diff of two images' final file systems: paths added, removed and modified,
 * with byte and inode deltas, and the directories whose totals changed most. Pure.
 *
 * "Modified" follows entryDifferences (entry-diff.ts): a different type, size, permission
 * bits, link target, or content hash (when every scan carries hashes). A directory counts as
 * modified only when its mode changed; what happens below it is counted on the paths below.
 *
 * Only paths that the layers above the common base (the leading layers with equal chain IDs)
 * mention can differ, so only those are looked up in each final view (final-view.ts): the
 * entries, whiteouts and opaque markers of those layers, what they hide in the layers below,
 * the directories they write below, and every hardlink (its bytes move when its file goes).
 * The cost is in proportion to what changed, not to the size of the images.
 */
import type { EntryType } from '../../scan/file-record.js';
import type { LayerScan } from '../../scan/layer-scan.js';
import { selectTop } from '../fs/directory-rollup.js';
import { FinalView, type FinalEntry } from '../fs/final-view.js';
import { dirsBelow, hidesBelow, pathsBelow, type LayerIndex } from '../fs/layer-index.js';
import { contentComparable, entryDifferences, type DiffReason } from './entry-diff.js';

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
  /** Change of the bytes and inodes of everything below it, itself included. */
  bytesDelta: number;
  inodesDelta: number;
}

export interface FileDiff {
  /** False when a side was scanned without content hashes: same-size files were not compared. */
  contentCompared: boolean;
  /** Change of the final file system's bytes and inodes (hardlinks counted once). */
  net: { bytes: number; inodes: number };
  added: ChangeTally;
  removed: ChangeTally;
  modified: ChangeTally;
  topDirectories: { byBytes: DirectoryDelta[]; byInodes: DirectoryDelta[] };
  /** The changes with the largest byte delta (directories left out). */
  largestChanges: FileChange[];
}

const tally = (): ChangeTally => ({ files: 0, dirs: 0, bytes: 0, inodes: 0 });

export function diffFiles(a: LayerScan[], b: LayerScan[], opts: { commonPrefix: number; top: number }): FileDiff {
  const contentCompared = contentComparable(a, b);
  const out: FileDiff = {
    contentCompared,
    net: { bytes: 0, inodes: 0 },
    added: tally(),
    removed: tally(),
    modified: tally(),
    topDirectories: { byBytes: [], byInodes: [] },
    largestChanges: [],
  };
  const [viewA, viewB] = [new FinalView(a), new FinalView(b)];
  const changes: FileChange[] = [];
  const dirDeltas = new Map<string, { bytes: number; inodes: number }>();
  for (const path of candidatePaths(viewA.layers, viewB.layers, opts.commonPrefix)) {
    const change = comparePath(path, viewA.at(path), viewB.at(path), contentCompared);
    if (!change) continue;
    const t = out[change.change];
    if (change.type === 'dir') t.dirs++;
    else t.files++;
    t.bytes += change.bytesDelta;
    t.inodes += change.inodesDelta;
    out.net.bytes += change.bytesDelta;
    out.net.inodes += change.inodesDelta;
    if (change.type !== 'dir') changes.push(change);
    addToAncestors(dirDeltas, change);
  }
  out.topDirectories = topDirectoryDeltas(dirDeltas, opts.top);
  const byDelta = (x: number, y: number) =>
    Math.abs(changes[y].bytesDelta) - Math.abs(changes[x].bytesDelta) || (changes[x].path < changes[y].path ? -1 : 1);
  out.largestChanges = selectTop(
    changes.map((_, i) => i),
    opts.top,
    byDelta,
  ).map((i) => changes[i]);
  return out;
}

/**
 * Every path whose final state may differ: what the layers above the common base mention,
 * the directories they write below (a lower file there becomes a directory), every
 * hardlink, and what their whiteouts, opaque markers and non-directories hide in the base —
 * unless the other image's upper layers hide the same place, so it is gone from both.
 */
function candidatePaths(a: LayerIndex[], b: LayerIndex[], commonPrefix: number): Set<string> {
  const out = new Set<string>();
  const [upperA, upperB] = [a, b].map((layers) => layers.slice(Math.min(commonPrefix, layers.length)));
  for (const [layers, upper, other] of [
    [a, upperA, upperB],
    [b, upperB, upperA],
  ] as const) {
    for (const layer of upper) {
      for (const path of layer.entries.keys()) out.add(path);
      for (const path of layer.whiteouts) out.add(path);
      for (const path of layer.opaques) out.add(path);
      for (const dir of dirsBelow(layer)) out.add(dir);
      for (const hider of hiders(layer)) {
        // What the base holds below is usually nothing, and cheap to learn: ask that first.
        const below: string[] = [];
        for (let M = 0; M < commonPrefix && M < layers.length; M++)
          for (const p of pathsBelow(layers[M], hider)) below.push(p);
        if (below.length === 0 || other.some((o) => hidesBelow(o, hider))) continue;
        for (const p of below) out.add(p);
      }
    }
    for (const layer of layers) for (const path of layer.hardlinks) out.add(path);
  }
  out.delete('/');
  return out;
}

/** Paths under which a layer hides lower content: whiteouts, opaque directories, non-directories. */
function* hiders(layer: LayerIndex): Generator<string> {
  yield* layer.whiteouts;
  yield* layer.opaques;
  for (const [path, i] of layer.entries) if (layer.scan.entries[i].type !== 'dir') yield path;
}

function comparePath(
  path: string,
  a: FinalEntry | undefined,
  b: FinalEntry | undefined,
  content: boolean,
): FileChange | undefined {
  if (!a && !b) return undefined;
  const reasons = a && b ? entryDifferences(a, b, content) : [];
  if (a && b && reasons.length === 0) return undefined;
  const bytesBefore = a ? a.bytes : null;
  const bytesAfter = b ? b.bytes : null;
  return {
    path,
    change: !a ? 'added' : !b ? 'removed' : 'modified',
    type: (b ?? a)!.record.type,
    bytesBefore,
    bytesAfter,
    bytesDelta: (bytesAfter ?? 0) - (bytesBefore ?? 0),
    inodesDelta: (b?.inodes ?? 0) - (a?.inodes ?? 0),
    reasons,
  };
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

function topDirectoryDeltas(
  deltas: Map<string, { bytes: number; inodes: number }>,
  top: number,
): FileDiff['topDirectories'] {
  const paths = [...deltas.keys()];
  const pick = (key: 'bytes' | 'inodes', other: 'bytes' | 'inodes') => {
    const ids = paths.map((_, i) => i).filter((i) => deltas.get(paths[i])![key] !== 0);
    const cmp = (x: number, y: number) => {
      const dx = deltas.get(paths[x])!;
      const dy = deltas.get(paths[y])!;
      return (
        Math.abs(dy[key]) - Math.abs(dx[key]) ||
        Math.abs(dy[other]) - Math.abs(dx[other]) ||
        (paths[x] < paths[y] ? -1 : 1)
      );
    };
    return selectTop(ids, top, cmp).map((i) => ({
      path: paths[i],
      bytesDelta: deltas.get(paths[i])!.bytes,
      inodesDelta: deltas.get(paths[i])!.inodes,
    }));
  };
  return { byBytes: pick('bytes', 'inodes'), byInodes: pick('inodes', 'bytes') };
}

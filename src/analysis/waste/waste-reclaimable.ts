/**
 * Reclaimable waste: what the image ships but a container can never see, so a rebuild
 * could save it. Every byte and inode is blamed on the layer that wrote it and the layer
 * that made it dead. Pure.
 *
 *   reclaimable bytes  = Σ bytes of entries later overwritten (all but the final copy)
 *                      + Σ bytes of entries later deleted (whiteout, opaque directory,
 *                        replaced by a non-directory)
 *   reclaimable inodes = the same count of entries, each costing one inode
 *
 * - A hardlinked file is dead only when it and all its links are: its bytes and inode
 *   are blamed on the layer that removed the last of them. Links cost nothing of their own.
 * - A directory re-written by a later layer is not counted: every layer that writes below
 *   a directory must carry a copy of it. A deleted (or file-replaced) directory costs its inode.
 */
import { REMOVED, T_DIR, T_HARDLINK, type MergedFs } from '../fs/merge.js';
import { hardlinkGroups } from '../fs/merged-queries.js';

export type DeathReason = 'overwritten' | 'deleted';

export interface WasteAmount {
  bytes: number;
  inodes: number;
  /** Dead entries other than directories. */
  files: number;
}

export interface WasteBlame extends WasteAmount {
  /** 1-based layer that wrote the dead entries, and the one that made them dead. */
  writtenBy: number;
  madeDeadBy: number;
  reason: DeathReason;
}

export interface LayerWaste {
  layer: number;
  /** What this layer wrote that a later layer made dead. */
  wroteDead: WasteAmount;
  /** What this layer made dead (written by earlier layers). */
  madeDead: WasteAmount;
}

export interface ReclaimableWaste extends WasteAmount {
  overwritten: WasteAmount;
  deleted: WasteAmount;
  /** One row per (writer, killer, reason), most bytes first. */
  blame: WasteBlame[];
  byLayer: LayerWaste[];
}

const zero = (): WasteAmount => ({ bytes: 0, inodes: 0, files: 0 });

function addTo(a: WasteAmount, bytes: number, inodes: number, files: number): void {
  a.bytes += bytes;
  a.inodes += inodes;
  a.files += files;
}

export function reclaimableWaste(fs: MergedFs): ReclaimableWaste {
  const out: ReclaimableWaste = { ...zero(), overwritten: zero(), deleted: zero(), blame: [], byLayer: [] };
  for (let L = 0; L < fs.layerCount; L++) out.byLayer.push({ layer: L + 1, wroteDead: zero(), madeDead: zero() });
  const blame = new Map<number, WasteBlame>();
  const groups = hardlinkGroups(fs);
  const ev = fs.events;
  for (let e = 0; e < fs.eventCount; e++) {
    if (ev.kind[e] === REMOVED || ev.type[e] === T_HARDLINK) continue;
    const death = groups.has(e) ? groupDeath(fs, e, groups.get(e)!) : deathOf(fs, e);
    if (death < 0) continue;
    const killer = death >> 1;
    const reason: DeathReason = death & 1 ? 'deleted' : 'overwritten';
    const bytes = ev.bytes[e];
    const files = ev.type[e] === T_DIR ? 0 : 1;
    addTo(out, bytes, 1, files);
    addTo(death & 1 ? out.deleted : out.overwritten, bytes, 1, files);
    addTo(out.byLayer[ev.layer[e]].wroteDead, bytes, 1, files);
    addTo(out.byLayer[killer].madeDead, bytes, 1, files);
    const key = (ev.layer[e] * fs.layerCount + killer) * 2 + (death & 1);
    let row = blame.get(key);
    if (!row) blame.set(key, (row = { writtenBy: ev.layer[e] + 1, madeDeadBy: killer + 1, reason, ...zero() }));
    addTo(row, bytes, 1, files);
  }
  out.blame = [...blame.values()].sort(
    (a, b) => b.bytes - a.bytes || b.inodes - a.inodes || a.madeDeadBy - b.madeDeadBy,
  );
  return out;
}

/** One dead entry: what the image ships at a path that no container sees. */
export interface DeadEntry {
  path: string;
  /** Bytes it costs (a hardlinked file's once, on the file). */
  bytes: number;
  /** 1-based layer that wrote it, and the one that made it dead. */
  writtenBy: number;
  madeDeadBy: number;
  reason: DeathReason;
  dir: boolean;
}

/** The dead entries behind reclaimableWaste, most bytes first, at most `top` (the same rules: links cost nothing, re-written directories are not dead). */
export function deadEntries(fs: MergedFs, top: number): DeadEntry[] {
  const groups = hardlinkGroups(fs);
  const ev = fs.events;
  const out: DeadEntry[] = [];
  for (let e = 0; e < fs.eventCount; e++) {
    if (ev.kind[e] === REMOVED || ev.type[e] === T_HARDLINK) continue;
    const death = groups.has(e) ? groupDeath(fs, e, groups.get(e)!) : deathOf(fs, e);
    if (death < 0) continue;
    const reason: DeathReason = death & 1 ? 'deleted' : 'overwritten';
    out.push({
      path: fs.paths.names[ev.path[e]],
      bytes: ev.bytes[e],
      writtenBy: ev.layer[e] + 1,
      madeDeadBy: (death >> 1) + 1,
      reason,
      dir: ev.type[e] === T_DIR,
    });
  }
  out.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.writtenBy - b.writtenBy));
  return out.slice(0, top);
}

/**
 * When and why entry `e` stopped being visible, packed as layer × 2 + (1 when deleted,
 * 0 when overwritten); -1 when it is in the final file system.
 */
function deathOf(fs: MergedFs, e: number): number {
  const ev = fs.events;
  const next = ev.nextOfPath[e];
  if (next < 0) return -1;
  const removed = ev.kind[next] === REMOVED;
  // A directory re-written as a directory is not waste (see the header).
  if (ev.type[e] === T_DIR && !removed && ev.type[next] === T_DIR) return -1;
  return ev.layer[next] * 2 + (removed ? 1 : 0);
}

function groupDeath(fs: MergedFs, owner: number, links: number[]): number {
  let last = deathOf(fs, owner);
  for (const link of links) {
    if (last < 0) return -1;
    const d = deathOf(fs, link);
    if (d < 0) return -1;
    if (d >> 1 > last >> 1) last = d;
  }
  return last;
}

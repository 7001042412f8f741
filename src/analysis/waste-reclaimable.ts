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
import { REMOVED, T_DIR, T_HARDLINK, type MergedFs } from './merge.js';
import { hardlinkGroups } from './merged-queries.js';

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

interface Death {
  layer: number;
  reason: DeathReason;
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
  const blame = new Map<string, WasteBlame>();
  const groups = hardlinkGroups(fs);
  const ev = fs.events;
  for (let e = 0; e < fs.eventCount; e++) {
    if (ev.kind[e] === REMOVED || ev.type[e] === T_HARDLINK) continue;
    const death = groups.has(e) ? groupDeath(fs, e, groups.get(e)!) : deathOf(fs, e);
    if (!death) continue;
    const isDir = ev.type[e] === T_DIR;
    const bytes = ev.bytes[e];
    const files = isDir ? 0 : 1;
    addTo(out, bytes, 1, files);
    addTo(death.reason === 'overwritten' ? out.overwritten : out.deleted, bytes, 1, files);
    addTo(out.byLayer[ev.layer[e]].wroteDead, bytes, 1, files);
    addTo(out.byLayer[death.layer].madeDead, bytes, 1, files);
    const key = `${ev.layer[e]}:${death.layer}:${death.reason}`;
    let row = blame.get(key);
    if (!row) blame.set(key, (row = { writtenBy: ev.layer[e] + 1, madeDeadBy: death.layer + 1, reason: death.reason, ...zero() }));
    addTo(row, bytes, 1, files);
  }
  out.blame = [...blame.values()].sort((a, b) => b.bytes - a.bytes || b.inodes - a.inodes || a.madeDeadBy - b.madeDeadBy);
  return out;
}

/** When and why entry `e` stopped being visible; undefined when it is in the final file system. */
function deathOf(fs: MergedFs, e: number): Death | undefined {
  const ev = fs.events;
  const next = ev.nextOfPath[e];
  if (next < 0) return undefined;
  const removed = ev.kind[next] === REMOVED;
  // A directory re-written as a directory is not waste (see the header).
  if (ev.type[e] === T_DIR && !removed && ev.type[next] === T_DIR) return undefined;
  return { layer: ev.layer[next], reason: removed ? 'deleted' : 'overwritten' };
}

function groupDeath(fs: MergedFs, owner: number, links: number[]): Death | undefined {
  let last = deathOf(fs, owner);
  if (!last) return undefined;
  for (const link of links) {
    const d = deathOf(fs, link);
    if (!d) return undefined;
    if (d.layer > last.layer) last = d;
  }
  return last;
}

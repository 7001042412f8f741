/**
 * The merged (union) file system of an image's layers, with OCI whiteout semantics, kept as
 * the full history of every path: which layer added, modified or removed it, and its size
 * in each. Pure: (LayerScan[]) => MergedFs.
 *
 * Rules (OCI image spec, "Representing Changes"), applied layer by layer, bottom up:
 * - `.wh.NAME` removes NAME, and everything below it, from the lower layers;
 * - `.wh..wh..opq` empties a directory of everything the lower layers put in it;
 *   whiteouts only hide lower layers, never entries of their own layer, so deletions are
 *   applied before the layer's own entries;
 * - a non-directory replaces a lower directory with all its content; a directory replaces
 *   a lower non-directory (also implicitly, when a layer writes below a lower file);
 * - a hardlink shares its target's inode: its bytes and inode count once per group.
 *
 * Each change is an "event" in flat columns (no object per path or per event). Events of
 * layer i are the range layerStart[i] ≤ e < layerStart[i+1]. Layers are 0-based here; plain
 * outputs (reports, JSON) number them from 1, like the inspect table.
 */
import type { EntryType } from '../../scan/file-record.js';
import type { LayerScan } from '../../scan/layer-scan.js';
import { growColumns, newColumns, type EventColumns } from './event-columns.js';
import { growInt32Columns, PathTable } from './path-table.js';

export const ADDED = 0;
export const MODIFIED = 1;
export const REMOVED = 2;
export type ChangeKind = 'added' | 'modified' | 'removed';
export const CHANGE_KINDS: readonly ChangeKind[] = ['added', 'modified', 'removed'];

export const TYPE_NAMES: readonly EntryType[] = [
  'file',
  'dir',
  'symlink',
  'hardlink',
  'whiteout',
  'opaque',
  'char',
  'block',
  'fifo',
];
export const T_FILE = 0;
export const T_DIR = 1;
export const T_SYMLINK = 2;
export const T_HARDLINK = 3;
const TYPE_CODE = Object.fromEntries(TYPE_NAMES.map((type, code) => [type, code])) as Record<EntryType, number>;

export interface MergedFs {
  layerCount: number;
  paths: PathTable;
  events: EventColumns;
  eventCount: number;
  /** layerCount + 1 offsets into the events. */
  layerStart: Int32Array;
  /** Per path id: the event live in the final file system, or -1. */
  live: Int32Array;
  /** Per path id: its last event, or -1. */
  lastOfPath: Int32Array;
  /** Per layer: the path id of each record of scans[layer].entries (whiteouts: the path deleted). */
  recordPaths: Int32Array[];
  scans: LayerScan[];
}

export function mergeLayers(scans: LayerScan[]): MergedFs {
  const steps = mergeInSteps(scans);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * The same merge, a slice at a time: each next() does about SLICE entries' work, so a
 * screen can answer keys between slices; the last returns the MergedFs.
 */
export function* mergeInSteps(scans: LayerScan[]): Generator<void, MergedFs> {
  const merger = new Merger(
    scans.length,
    scans.reduce((a, s) => a + s.entries.length, 0),
  );
  for (let i = 0; i < scans.length; i++) yield* merger.layerSteps(i, scans[i]);
  return merger.result();
}

/** Entries of a layer merged between two yields of Merger.layerSteps (a few ms of work). */
const SLICE = 4096;

/** Builds a MergedFs layer by layer, bottom up (see merge-in-order.ts for scans that arrive in any order). */
export class Merger {
  private readonly paths: PathTable;
  private ev: EventColumns;
  private n = 0;
  private live: Int32Array<ArrayBuffer>;
  private last: Int32Array<ArrayBuffer>;
  private removedIn: Int32Array<ArrayBuffer>;
  private pending: number[] = [];
  private readonly layerStart: Int32Array;
  private readonly recordPaths: Int32Array[] = [];
  private readonly scans: LayerScan[] = [];

  /** `entries`: the expected number of entries over all layers (the columns grow past it when needed). */
  constructor(
    private readonly layerCount: number,
    entries: number,
  ) {
    // Removals add events beyond one per entry; a little room avoids most regrowth.
    const capacity = Math.ceil(entries * 1.15) + 64;
    this.ev = newColumns(capacity);
    // Paths: at most one per entry, plus a few implied parents.
    const paths = Math.ceil(capacity * 0.7);
    this.paths = new PathTable(paths);
    this.live = new Int32Array(paths).fill(-1);
    this.last = new Int32Array(paths).fill(-1);
    this.removedIn = new Int32Array(paths).fill(-1);
    this.layerStart = new Int32Array(layerCount + 1);
  }

  /** Applies layer L; layers must come in order, 0 first. */
  applyLayer(L: number, scan: LayerScan): void {
    const steps = this.layerSteps(L, scan);
    while (!steps.next().done);
  }

  /** Applies layer L, yielding every SLICE entries of each pass. */
  *layerSteps(L: number, scan: LayerScan): Generator<void, void> {
    if (L !== this.scans.length) throw new Error(`merge: layer ${L} applied after ${this.scans.length} layers`);
    this.scans.push(scan);
    this.layerStart[L] = this.n;
    const entries = scan.entries;
    const ids = new Int32Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      ids[i] = this.paths.intern(entries[i].path);
      if (i % SLICE === SLICE - 1) yield;
    }
    this.recordPaths.push(ids);
    this.ensurePaths(this.paths.size);
    for (let i = 0; i < entries.length; i++) {
      const t = entries[i].type;
      if (t === 'whiteout') this.removeTree(ids[i], L, true);
      else if (t === 'opaque') this.removeTree(ids[i], L, false);
    }
    yield;
    for (let i = 0; i < entries.length; i++) {
      const t = entries[i].type;
      if (t !== 'whiteout' && t !== 'opaque') this.add(L, i, ids[i]);
      if (i % SLICE === SLICE - 1) yield;
    }
    for (const id of this.pending) {
      if (this.removedIn[id] !== L || this.live[id] >= 0) continue;
      this.removedIn[id] = -1;
      const gone = this.last[id];
      this.push(id, L, REMOVED, this.ev.type[gone], this.ev.bytes[gone], -1);
    }
    this.pending = [];
    this.layerStart[L + 1] = this.n;
  }

  result(): MergedFs {
    if (this.scans.length !== this.layerCount)
      throw new Error(`merge: ${this.scans.length} of ${this.layerCount} layers applied`);
    const size = this.paths.size;
    return {
      layerCount: this.layerCount,
      paths: this.paths,
      events: this.ev,
      eventCount: this.n,
      layerStart: this.layerStart,
      live: this.live.subarray(0, size),
      lastOfPath: this.last.subarray(0, size),
      recordPaths: this.recordPaths,
      scans: this.scans,
    };
  }

  /** Phase 1: a whiteout (withRoot) or an opaque directory (without) hides lower entries. */
  private removeTree(id: number, L: number, withRoot: boolean): void {
    if (withRoot && this.live[id] >= 0) this.kill(id, L);
    this.paths.forEachDescendant(id, (d) => {
      if (this.live[d] >= 0) this.kill(d, L);
    });
  }

  /** Phase 2: the layer's own entries. */
  private add(L: number, record: number, id: number): void {
    const rec = this.scans[L].entries[record];
    const type = TYPE_CODE[rec.type] ?? T_FILE;
    const bytes = type === T_FILE ? rec.size : 0;
    const prev = this.live[id];
    if (prev >= 0 && this.ev.layer[prev] === L) {
      // The same path twice in one tar: the later entry wins, in place.
      this.setEntry(prev, type, bytes, record, rec.linkTarget);
      return;
    }
    const replaced = prev >= 0 || this.removedIn[id] === L;
    if (this.removedIn[id] === L) this.removedIn[id] = -1;
    if (type !== T_DIR && this.paths.firstChild[id] >= 0) this.removeBelow(id, L);
    this.shadowAncestors(id, L);
    const e = this.push(id, L, replaced ? MODIFIED : ADDED, type, bytes, record);
    if (type === T_HARDLINK) this.ev.owner[e] = this.ownerOf(rec.linkTarget);
    this.live[id] = e;
  }

  private setEntry(e: number, type: number, bytes: number, record: number, linkTarget?: string): void {
    this.ev.type[e] = type;
    this.ev.bytes[e] = bytes;
    this.ev.record[e] = record;
    this.ev.owner[e] = type === T_HARDLINK ? this.ownerOf(linkTarget) : -1;
  }

  /** A non-directory hides whatever lower layers put below the same path. */
  private removeBelow(id: number, L: number): void {
    this.paths.forEachDescendant(id, (d) => {
      const e = this.live[d];
      if (e >= 0 && this.ev.layer[e] < L) this.kill(d, L);
    });
  }

  /** Writing below a lower non-directory turns it into a directory. */
  private shadowAncestors(id: number, L: number): void {
    for (let q = this.paths.parent[id]; q > 0; q = this.paths.parent[q]) {
      const e = this.live[q];
      if (e < 0) continue;
      if (this.ev.type[e] !== T_DIR && this.ev.layer[e] < L) this.kill(q, L);
      return;
    }
  }

  private ownerOf(target: string | undefined): number {
    const id = target === undefined ? -1 : this.paths.idOf(target);
    const e = id < 0 ? -1 : this.live[id];
    if (e < 0) return -1;
    if (this.ev.type[e] === T_FILE) return e;
    return this.ev.type[e] === T_HARDLINK ? this.ev.owner[e] : -1;
  }

  private kill(id: number, L: number): void {
    this.live[id] = -1;
    this.removedIn[id] = L;
    this.pending.push(id);
  }

  private push(id: number, L: number, kind: number, type: number, bytes: number, record: number): number {
    const e = this.n++;
    if (e >= this.ev.path.length) this.ev = growColumns(this.ev, Math.ceil(e * 1.5));
    const c = this.ev;
    c.path[e] = id;
    c.layer[e] = L;
    c.kind[e] = kind;
    c.type[e] = type;
    c.bytes[e] = bytes;
    c.record[e] = record;
    c.owner[e] = -1;
    const prev = this.last[id];
    c.prevOfPath[e] = prev;
    c.nextOfPath[e] = -1;
    if (prev >= 0) c.nextOfPath[prev] = e;
    this.last[id] = e;
    return e;
  }

  private ensurePaths(size: number): void {
    [this.live, this.last, this.removedIn] = growInt32Columns([this.live, this.last, this.removedIn], size);
  }
}

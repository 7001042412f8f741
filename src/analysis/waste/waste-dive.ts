/**
 * dive-compatible efficiency and wasted bytes, so a dive CI gate (lowestEfficiency,
 * highestWastedBytes, highestUserWastedPercent) can be checked against the same numbers.
 *
 * Follows wagoodman/dive, dive/filetree/efficiency.go (Efficiency) and dive/image/image.go
 * (Analyze), including its quirks:
 * - Each layer is a tree of its tar entries; only its leaves are visited (a directory whose
 *   children are in the same layer is not, an empty one is, with size 0). Opaque markers
 *   (`.wh..wh..opq`) are ignored altogether.
 * - A visit adds the entry's tar size to its path's cumulative size and keeps the smallest
 *   size seen. A whiteout counts as a visit of the path it deletes, with the size of
 *   everything below it in the stacked lower layers when that was a directory, else 0.
 * - efficiency = Σ smallest size per path ÷ Σ cumulative size (1 when nothing was seen);
 *   wasted bytes = Σ cumulative size of the paths visited 2+ times (every copy, the
 *   smallest included); user-wasted percent = wasted ÷ Σ layer sizes except layer 1
 *   (a layer's size: Σ tar entry sizes). Layer 1's copies still count as wasted.
 * - The stacked tree dive sizes whiteouts against keeps the payload of the last layer that
 *   mentioned a path: a directory only implied by a later layer's entries (no entry of its
 *   own) is no longer a directory, and a file written over a directory keeps its children.
 * One difference: a whiteout of a path absent from the lower layers makes dive stop
 * visiting the rest of that layer (an error it only logs); here it counts 0 and goes on.
 */
import { selectTop } from '../fs/directory-rollup.js';
import type { MergedFs } from '../fs/merge.js';
import { growInt32 } from '../fs/path-table.js';

export interface DiveInefficiency {
  path: string;
  /** Number of visits (copies and whiteouts) across layers. */
  count: number;
  cumulativeBytes: number;
  /** 1-based layers that mentioned the path. */
  layers: number[];
}

export interface DiveWaste {
  /** 0..1 */
  efficiency: number;
  wastedBytes: number;
  /** wastedBytes ÷ userBytes; null when the user layers hold no bytes (dive divides by zero). */
  userWastedPercent: number | null;
  /** Σ layer sizes, and the same without layer 1. */
  totalBytes: number;
  userBytes: number;
  /** Σ cumulative and Σ smallest size over all paths (the efficiency's two terms). */
  discoveredBytes: number;
  minimumBytes: number;
  inefficientPaths: number;
  /** The inefficient paths with the largest cumulative size, largest first. */
  top: DiveInefficiency[];
}

export function diveWaste(fs: MergedFs, top = 10): DiveWaste {
  const walk = new DiveWalk(fs);
  for (let L = 0; L < fs.layerCount; L++) walk.layer(L);
  return walk.result(top);
}

class DiveWalk {
  private readonly n: number;
  private readonly cum: Float64Array;
  private readonly min: Float64Array;
  private readonly count: Int32Array;
  // Every visit, in order: which path, in which layer (for the layers of the top paths).
  private visitPath: Int32Array<ArrayBuffer>;
  private visitLayer: Int32Array<ArrayBuffer>;
  private visits = 0;
  // The stacked tree of the layers below the current one.
  private readonly liveStack: Uint8Array;
  private readonly sizeStack: Float64Array;
  private readonly dirStack: Uint8Array;
  // Per-layer stamps: the path has an entry / a child / was visited in layer L.
  private readonly explicit: Int32Array;
  private readonly hasChild: Int32Array;
  private readonly visited: Int32Array;
  private readonly layerBytes: number[] = [];

  constructor(private readonly fs: MergedFs) {
    this.n = fs.paths.size;
    this.cum = new Float64Array(this.n);
    this.min = new Float64Array(this.n).fill(-1);
    this.count = new Int32Array(this.n);
    this.liveStack = new Uint8Array(this.n);
    this.sizeStack = new Float64Array(this.n);
    this.dirStack = new Uint8Array(this.n);
    this.explicit = new Int32Array(this.n).fill(-1);
    this.hasChild = new Int32Array(this.n).fill(-1);
    this.visited = new Int32Array(this.n).fill(-1);
    const records = fs.scans.reduce((a, s) => a + s.entries.length, 0);
    this.visitPath = new Int32Array(records + 16);
    this.visitLayer = new Int32Array(records + 16);
  }

  layer(L: number): void {
    const entries = this.fs.scans[L].entries;
    const ids = this.fs.recordPaths[L];
    const parent = this.fs.paths.parent;
    let bytes = 0;
    for (let i = 0; i < entries.length; i++) {
      bytes += entries[i].size;
      if (entries[i].type !== 'whiteout' && entries[i].type !== 'opaque') this.explicit[ids[i]] = L;
      for (let q = parent[ids[i]]; q > 0 && this.hasChild[q] !== L; q = parent[q]) this.hasChild[q] = L;
    }
    this.layerBytes.push(bytes);
    for (let i = 0; i < entries.length; i++) {
      const p = ids[i];
      if (entries[i].type === 'whiteout') this.visit(p, L, this.whiteoutSize(p));
      else if (this.hasChild[p] !== L && this.visited[p] !== L) {
        this.visited[p] = L;
        this.visit(p, L, entries[i].type === 'opaque' ? 0 : entries[i].size);
      }
    }
    this.stack(L);
  }

  private visit(p: number, L: number, size: number): void {
    this.cum[p] += size;
    if (this.min[p] < 0 || size < this.min[p]) this.min[p] = size;
    this.count[p]++;
    if (this.visits === this.visitPath.length) {
      this.visitPath = growInt32(this.visitPath, this.visits * 2);
      this.visitLayer = growInt32(this.visitLayer, this.visits * 2);
    }
    this.visitPath[this.visits] = p;
    this.visitLayer[this.visits++] = L;
  }

  private whiteoutSize(p: number): number {
    if (!this.liveStack[p] || !this.dirStack[p]) return 0;
    let size = this.sizeStack[p];
    this.fs.paths.forEachDescendant(p, (d) => {
      if (!this.liveStack[d]) return false;
      size += this.sizeStack[d];
    });
    return size;
  }

  /** dive's FileTree.Stack: whiteouts remove subtrees, every node of the layer sets its payload. */
  private stack(L: number): void {
    const entries = this.fs.scans[L].entries;
    const ids = this.fs.recordPaths[L];
    for (let i = 0; i < entries.length; i++) {
      if (entries[i].type !== 'whiteout' || !this.liveStack[ids[i]]) continue;
      this.liveStack[ids[i]] = 0;
      this.fs.paths.forEachDescendant(ids[i], (d) => {
        if (!this.liveStack[d]) return false;
        this.liveStack[d] = 0;
      });
    }
    const parent = this.fs.paths.parent;
    for (let i = 0; i < entries.length; i++) {
      const rec = entries[i];
      const p = ids[i];
      if (rec.type === 'whiteout') {
        this.implied(parent[p], L);
      } else if (this.explicit[p] === L) {
        this.liveStack[p] = 1;
        this.sizeStack[p] = rec.size;
        this.dirStack[p] = rec.type === 'dir' ? 1 : 0;
        this.implied(parent[p], L);
      } else {
        this.implied(p, L);
      }
    }
  }

  /** Nodes a layer only implies (no entry of their own) get an empty, non-directory payload. */
  private implied(from: number, L: number): void {
    for (let q = from; q > 0 && this.explicit[q] !== L; q = this.fs.paths.parent[q]) {
      this.liveStack[q] = 1;
      this.sizeStack[q] = 0;
      this.dirStack[q] = 0;
    }
  }

  result(top: number): DiveWaste {
    let discovered = 0;
    let minimum = 0;
    let wasted = 0;
    const inefficient: number[] = [];
    for (let p = 0; p < this.n; p++) {
      if (this.count[p] === 0) continue;
      discovered += this.cum[p];
      minimum += this.min[p];
      if (this.count[p] < 2) continue;
      wasted += this.cum[p];
      inefficient.push(p);
    }
    const totalBytes = this.layerBytes.reduce((a, b) => a + b, 0);
    const userBytes = totalBytes - (this.layerBytes[0] ?? 0);
    return {
      efficiency: discovered === 0 ? 1 : minimum / discovered,
      wastedBytes: wasted,
      userWastedPercent: userBytes === 0 ? null : wasted / userBytes,
      totalBytes,
      userBytes,
      discoveredBytes: discovered,
      minimumBytes: minimum,
      inefficientPaths: inefficient.length,
      top: this.topPaths(inefficient, top),
    };
  }

  private topPaths(inefficient: number[], top: number): DiveInefficiency[] {
    const names = this.fs.paths.names;
    const picked = selectTop(inefficient, top, (a, b) => this.cum[b] - this.cum[a] || (names[a] < names[b] ? -1 : 1));
    const layers = new Map<number, number[]>(picked.map((p) => [p, []]));
    for (let v = 0; v < this.visits; v++) layers.get(this.visitPath[v])?.push(this.visitLayer[v] + 1);
    return picked.map((p) => ({
      path: names[p],
      count: this.count[p],
      cumulativeBytes: this.cum[p],
      layers: layers.get(p)!,
    }));
  }
}

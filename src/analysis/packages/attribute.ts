/**
 * The figures of each package from the path owners: bytes, files and inodes of the final
 * file system's entries it owns (hardlinks as viewEntries charges them: the file carries the
 * bytes and the inode), the layer of its oldest live entry, the later layers with any event
 * on its paths; and what no package owns (the root "/" not counted). One pass over the final
 * entries, one over the events. Pure.
 */
import { T_FILE, type MergedFs } from '../fs/merge.js';
import type { ViewEntries } from '../fs/merged-queries.js';
import type { FoundPackage } from './found-package.js';
import type { PackageInstance, PackageReport } from './package-model.js';

export interface Attribution {
  packages: PackageInstance[];
  unclaimed: PackageReport['unclaimed'];
}

export function attribute(fs: MergedFs, final: ViewEntries, owner: Int32Array, found: FoundPackage[]): Attribution {
  const k = found.length;
  const bytes = new Float64Array(k);
  const files = new Float64Array(k);
  const inodes = new Float64Array(k);
  const added = new Int32Array(k).fill(fs.layerCount);
  const unclaimed = { bytes: 0, files: 0, inodes: 0 };
  const ev = fs.events;
  for (let i = 0; i < final.events.length; i++) {
    const e = final.events[i];
    const id = ev.path[e];
    const isFile = ev.type[e] === T_FILE ? 1 : 0;
    const p = owner[id];
    if (p < 0) {
      if (id === 0) continue;
      unclaimed.bytes += final.bytes[i];
      unclaimed.files += isFile;
      unclaimed.inodes += final.inodes[i];
      continue;
    }
    bytes[p] += final.bytes[i];
    files[p] += isFile;
    inodes[p] += final.inodes[i];
    if (ev.layer[e] < added[p]) added[p] = ev.layer[e];
  }
  const layers = layersTouching(fs, owner, k);
  const packages = found.map((f, p): PackageInstance => {
    const addedAt = added[p] < fs.layerCount ? added[p] : metadataLayer(fs, f.metadataId);
    // One object shape for every instance (no spread): sorting and rendering read them many times.
    const instance: PackageInstance = {
      ecosystem: f.ecosystem,
      name: f.name,
      version: f.version,
      path: f.path,
      bytes: bytes[p],
      files: files[p],
      inodes: inodes[p],
      addedIn: addedAt + 1,
      changedIn: laterLayers(layers[p], addedAt),
    };
    if (f.declaredBytes !== undefined) instance.declaredBytes = f.declaredBytes;
    if (f.dev !== undefined) instance.dev = f.dev;
    return instance;
  });
  return { packages, unclaimed };
}

/** Per package: the 0-based layers, ascending, with an event on a path it owns. */
function layersTouching(fs: MergedFs, owner: Int32Array, k: number): number[][] {
  const out: number[][] = Array.from({ length: k }, () => []);
  const last = new Int32Array(k).fill(-1);
  const path = fs.events.path;
  for (let L = 0; L < fs.layerCount; L++) {
    for (let e = fs.layerStart[L]; e < fs.layerStart[L + 1]; e++) {
      const p = owner[path[e]];
      if (p < 0 || last[p] === L) continue;
      last[p] = L;
      out[p].push(L);
    }
  }
  return out;
}

/** The 1-based layers after `addedAt` (0-based) among `layers` (0-based, ascending). */
function laterLayers(layers: number[], addedAt: number): number[] {
  const out: number[] = [];
  for (const L of layers) if (L > addedAt) out.push(L + 1);
  return out;
}

/** The layer of the live entry at `id` (a package with no live entry is dated by its manifest or list); 0 when none. */
function metadataLayer(fs: MergedFs, id: number): number {
  const e = id < 0 ? -1 : fs.live[id];
  return e < 0 ? 0 : fs.events.layer[e];
}

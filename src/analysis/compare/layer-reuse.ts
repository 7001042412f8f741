/**
 * Layer reuse from image A to image B, as a host holding A sees B. The engine stores layers
 * by chain ID, so a layer of B is already on the host only when its chain ID is one of A's
 * (the layer and every layer below it match). Reuse by diffID is reported separately: the
 * same content on a different parent is still pulled and unpacked again. Pure.
 *
 * - pull bytes: the blob sizes of B's layers whose chain ID is not in A — exact where the
 *   blob is stored compressed; otherwise what `docker push` would send for the plain tar:
 *   its gzip at level 6, which the scan estimates by compressing samples of the tar
 *   (scan/gzip-estimate.ts). The layer's own bytes beat a ratio borrowed from other layers
 *   (a base image compresses differently from an application layer), and that holds for a
 *   docker save archive gzipped as a whole too: its one ratio mixes every layer.
 * - new disk bytes / inodes: size and inodes of those same layers (unpacked).
 * - reuse ratio: bytes of B in reused layers / all bytes of B (unpacked sizes).
 */
import type { ImageSide, SideLayer } from './image-side.js';

/** shared: chain ID in A (on the host); same-content: diffID in A on another parent; new: neither. */
export type ReuseStatus = 'shared' | 'same-content' | 'new';

export interface LayerReuseRow {
  layer: number;
  createdBy: string;
  diffID: string;
  chainID: string;
  status: ReuseStatus;
  /** The layer of A with the same chain ID (shared) or diffID (same-content); null for new. */
  layerOfA: number | null;
  size: number;
  inodes: number;
  /** Bytes a host holding A downloads for this layer (0 when shared). */
  pullBytes: number;
  pullEstimated: boolean;
}

export interface ReuseCount {
  /** Layers of B found in A. */
  shared: number;
  /** Layers of B not found in A. */
  new: number;
  /** Size (the engine's figure, as in `size`) of B's shared layers. */
  sharedSize: number;
  /** sharedSize / the size of all of B's layers; null when B holds no bytes. */
  ratio: number | null;
}

/** 'blob': every new layer's blob size is known; 'gzip-estimate': some are the scan's gzip -6 estimate. */
export type PullBasis = 'blob' | 'gzip-estimate';

export interface PullEstimate {
  bytes: number;
  /** True when at least one new layer's blob size was estimated. */
  estimated: boolean;
  /** How the estimated part was found; 'blob' when nothing was estimated. */
  basis: PullBasis;
  /** Bytes of `bytes` that are estimates (0 when nothing was estimated). */
  estimatedBytes: number;
}

export interface LayerReuse {
  layersA: number;
  layersB: number;
  byChainID: ReuseCount;
  byDiffID: ReuseCount;
  pull: PullEstimate;
  /** What the new layers add on the host's disk: their size (the engine's figure), inodes and regular files. */
  newDisk: { size: number; inodes: number; files: number };
  /** Leading layers with the same chain ID in both (the common base). */
  commonPrefix: number;
  rows: LayerReuseRow[];
}

export function layerReuse(a: ImageSide, b: ImageSide): LayerReuse {
  const chainsOfA = indexBy(a.layers, (l) => l.chainID);
  const diffIDsOfA = indexBy(a.layers, (l) => l.diffID);
  const rows = b.layers.map((l) => reuseRow(l, chainsOfA.get(l.chainID) ?? null, diffIDsOfA.get(l.diffID) ?? null));
  const fresh = rows.filter((r) => r.status !== 'shared');
  const pullEstimated = fresh.some((r) => r.pullEstimated);
  return {
    layersA: a.layers.length,
    layersB: b.layers.length,
    byChainID: reuseCount(rows, (r) => r.status === 'shared'),
    byDiffID: reuseCount(rows, (r) => r.status !== 'new'),
    pull: {
      bytes: sum(fresh.map((r) => r.pullBytes)),
      estimated: pullEstimated,
      basis: pullEstimated ? 'gzip-estimate' : 'blob',
      estimatedBytes: sum(fresh.filter((r) => r.pullEstimated).map((r) => r.pullBytes)),
    },
    newDisk: {
      size: sum(fresh.map((r) => r.size)),
      inodes: sum(fresh.map((r) => r.inodes)),
      files: sum(b.layers.filter((_, i) => rows[i].status !== 'shared').map((l) => l.files)),
    },
    commonPrefix: commonPrefix(a, b),
    rows,
  };
}

function reuseRow(l: SideLayer, byChain: SideLayer | null, byDiffID: SideLayer | null): LayerReuseRow {
  const status: ReuseStatus = byChain ? 'shared' : byDiffID ? 'same-content' : 'new';
  const pull = status === 'shared' ? { bytes: 0, estimated: false } : pullBytes(l);
  return {
    layer: l.layer,
    createdBy: l.createdBy,
    diffID: l.diffID,
    chainID: l.chainID,
    status,
    layerOfA: (byChain ?? byDiffID)?.layer ?? null,
    size: l.size,
    inodes: l.inodes,
    pullBytes: pull.bytes,
    pullEstimated: pull.estimated,
  };
}

function pullBytes(l: SideLayer): { bytes: number; estimated: boolean } {
  if (l.compressedSize !== null) return { bytes: l.compressedSize, estimated: false };
  return { bytes: l.gzipEstimate, estimated: true };
}

function reuseCount(rows: LayerReuseRow[], reused: (r: LayerReuseRow) => boolean): ReuseCount {
  const shared = rows.filter(reused);
  const total = sum(rows.map((r) => r.size));
  const sharedSize = sum(shared.map((r) => r.size));
  return {
    shared: shared.length,
    new: rows.length - shared.length,
    sharedSize,
    ratio: total > 0 ? sharedSize / total : null,
  };
}

function commonPrefix(a: ImageSide, b: ImageSide): number {
  let k = 0;
  while (k < a.layers.length && k < b.layers.length && a.layers[k].chainID === b.layers[k].chainID) k++;
  return k;
}

function indexBy(layers: SideLayer[], key: (l: SideLayer) => string): Map<string, SideLayer> {
  const out = new Map<string, SideLayer>();
  for (const l of layers) if (!out.has(key(l))) out.set(key(l), l);
  return out;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

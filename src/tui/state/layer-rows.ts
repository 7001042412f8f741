/**
 * The layer rows the explore screen shows before anything is scanned: each layer's numbers
 * from metadata, and the shared / new marks of a comparison from the diffIDs alone. Kept
 * light (no merge, no analysis): the first frame is drawn from here before ink loads.
 */
import { chainIDs } from '../../analysis/compare/chain-id.js';
import { buildLayerReport, layerFiles } from '../../analysis/report/layer-report.js';
import type { ReuseStatus } from '../../analysis/compare/layer-reuse.js';
import type { LayerScan } from '../../scan/layer-scan.js';
import type { Image } from '../../source/model.js';

/** error: its scan failed (the message is in the feed's failures). */
export type LayerStatus = 'queued' | 'reading' | 'done' | 'error';

export interface LayerInfo {
  /** 0-based index into the image's layers. */
  index: number;
  createdBy: string;
  /** Unpacked bytes (scan, or engine metadata before the scan); null when unknown. */
  size: number | null;
  compressed: number | null;
  /** The blob's compression once known (gzip, zstd, none); null before. */
  compression: string | null;
  /** sha256 of the uncompressed tar, and the blob's digest as the source stores it (null when it keeps none). */
  diffID: string;
  digest: string | null;
  files: number | null;
  inodes: number | null;
  blobSize: number | null;
  bytesRead: number;
  status: LayerStatus;
}

/** The layer rows from metadata and whatever scans are in. */
export function layerInfos(image: Image, scans: Array<LayerScan | undefined>): LayerInfo[] {
  const report = buildLayerReport(image, scans as LayerScan[]);
  const out: LayerInfo[] = [];
  for (const row of report.rows) {
    if (row.layer === null) continue;
    const i = row.layer - 1;
    out.push({
      index: i,
      createdBy: row.createdBy,
      size: row.size,
      compressed: row.compressedBytes,
      compression: row.compression,
      diffID: image.layers[i].diffID,
      digest: image.layers[i].digest ?? null,
      files: layerFiles(row.counts),
      inodes: row.inodes,
      blobSize: image.layers[i].blobSize ?? null,
      bytesRead: scans[i] ? (image.layers[i].blobSize ?? scans[i]!.tarSize) : 0,
      status: scans[i] ? 'done' : 'queued',
    });
  }
  return out;
}

/** Shared / new marks from the diffIDs alone (chain IDs), before any layer is read. */
export function stepMarks(diffIDsA: string[], diffIDsB: string[]): { a: Array<'shared' | 'gone'>; b: ReuseStatus[] } {
  const chainsA = chainIDs(diffIDsA);
  const chainsB = chainIDs(diffIDsB);
  const inA = new Set(chainsA);
  const inB = new Set(chainsB);
  const diffsA = new Set(diffIDsA);
  return {
    a: chainsA.map((c) => (inB.has(c) ? 'shared' : 'gone')),
    b: chainsB.map((c, i) => (inA.has(c) ? 'shared' : diffsA.has(diffIDsB[i]) ? 'same-content' : 'new')),
  };
}

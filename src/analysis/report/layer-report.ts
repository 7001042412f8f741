/**
 * The inspect report: one row per history entry (empty layers included, so every layer gets
 * its created_by), per-layer counts from the scans, totals and an image summary. Pure.
 */
import type { LayerCounts } from '../../scan/file-record.js';
import { blobCompression, compressedSize } from './blob-size.js';
import type { LayerScan } from '../../scan/layer-scan.js';
import { formatPlatform, type Image, type Layer } from '../../source/model.js';

export interface LayerRow {
  /** 1-based layer number; null for a history entry that made no layer. */
  layer: number | null;
  createdBy: string;
  created?: string;
  emptyLayer: boolean;
  diffID?: string;
  digest?: string;
  /** The engine's size: regular-file bytes + symlink target lengths, as `docker history` counts them. */
  size: number | null;
  /** Bytes of the uncompressed layer tar (headers and padding included). */
  tarBytes: number | null;
  /** Blob bytes when the blob is compressed; null when the source has no compressed blob. */
  compressedBytes: number | null;
  compression: string | null;
  counts: LayerCounts | null;
  inodes: number | null;
}

/** One image as every JSON document describes it (inspect, diff, series, check, footprint). */
export interface ImageSummary {
  reference: string;
  source: string;
  id: string;
  manifestDigest: string | null;
  repoTags: string[];
  platform: string;
  created: string | null;
  layers: number;
  historyEntries: number;
  scanned: boolean;
}

/** Sums over the layers (the rows with a layer number). */
export interface Totals {
  size: number | null;
  tarBytes: number | null;
  compressedBytes: number | null;
  counts: LayerCounts | null;
  inodes: number | null;
}

export interface LayerReport {
  image: ImageSummary;
  rows: LayerRow[];
  totals: Totals;
}

export function buildLayerReport(image: Image, scans: LayerScan[] | null): LayerReport {
  const rows = historyRows(image).map(({ entry, layer }) =>
    layerRow(entry, layer, layer ? scans?.[layer.index] : undefined),
  );
  return {
    image: imageSummary(image, scans !== null),
    rows,
    totals: totals(rows.filter((r) => r.layer !== null)),
  };
}

/** Pairs history entries with layers: every non-empty entry takes the next layer. */
export function historyRows(
  image: Image,
): Array<{ entry: Image['history'][number] | undefined; layer: Layer | undefined }> {
  const out: Array<{ entry: Image['history'][number] | undefined; layer: Layer | undefined }> = [];
  let next = 0;
  for (const entry of image.history) {
    if (entry.emptyLayer || next >= image.layers.length) out.push({ entry, layer: undefined });
    else out.push({ entry, layer: image.layers[next++] });
  }
  for (; next < image.layers.length; next++) out.push({ entry: undefined, layer: image.layers[next] });
  return out;
}

function layerRow(
  entry: Image['history'][number] | undefined,
  layer: Layer | undefined,
  scan: LayerScan | undefined,
): LayerRow {
  return {
    layer: layer ? layer.index + 1 : null,
    createdBy: entry?.createdBy ?? '',
    created: entry?.created,
    emptyLayer: !layer,
    diffID: layer?.diffID,
    digest: layer?.digest,
    size: layer ? (scan?.size ?? layer.declaredSize ?? null) : 0,
    tarBytes: layer ? (scan?.tarSize ?? null) : 0,
    compressedBytes: layer ? compressedSize(layer) : null,
    compression: layer ? blobCompression(layer) : null,
    counts: layer ? (scan?.counts ?? null) : null,
    inodes: layer ? (scan?.inodes ?? null) : 0,
  };
}

function sum(values: Array<number | null>): number | null {
  return values.every((v) => v !== null) ? (values as number[]).reduce((a, b) => a + b, 0) : null;
}

function totals(rows: LayerRow[]): Totals {
  const counts = rows.every((r) => r.counts)
    ? rows.reduce<LayerCounts>(
        (acc, r) => {
          for (const k of Object.keys(acc) as Array<keyof LayerCounts>) acc[k] += r.counts![k];
          return acc;
        },
        { files: 0, dirs: 0, symlinks: 0, hardlinks: 0, whiteouts: 0, opaques: 0, other: 0 },
      )
    : null;
  const compressed = rows.map((r) => r.compressedBytes);
  return {
    size: sum(rows.map((r) => r.size)),
    tarBytes: sum(rows.map((r) => r.tarBytes)),
    compressedBytes: compressed.length > 0 && compressed.every((c) => c !== null) ? sum(compressed) : null,
    counts,
    inodes: sum(rows.map((r) => r.inodes)),
  };
}

export function imageSummary(image: Image, scanned: boolean): ImageSummary {
  return {
    reference: image.reference,
    source: image.source,
    id: image.id,
    manifestDigest: image.manifestDigest ?? null,
    repoTags: [...image.repoTags],
    platform: formatPlatform(image.platform),
    created: image.created ?? null,
    layers: image.layers.length,
    historyEntries: image.history.length,
    scanned,
  };
}

/** The created_by of each layer, by 0-based layer index ('' where the history has none). */
export function layerCreatedBy(image: Image): string[] {
  const commands = image.layers.map(() => '');
  for (const { entry, layer } of historyRows(image)) if (layer) commands[layer.index] = entry?.createdBy ?? '';
  return commands;
}

/**
 * A layer's FILES, in every view that shows one (the inspect table, explore's layers pane):
 * regular files only; hardlinks, symlinks and whiteouts have counts of their own.
 */
export function layerFiles(counts: LayerCounts | null | undefined): number | null {
  return counts ? counts.files : null;
}

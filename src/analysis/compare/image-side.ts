/**
 * One image as a comparison sees it: its layers with chain IDs, the command that made each,
 * what each costs (from the scans' totals) and the blob size when the source stores it
 * compressed (a fact of the blob, from the layer). Pure: (Image metadata, LayerTotals[]) => ImageSide.
 */
import type { LayerCounts } from '../../scan/file-record.js';
import type { LayerScan } from '../../scan/layer-scan.js';
import type { Image } from '../../source/model.js';
import { compressedSize } from '../report/blob-size.js';
import { chainIDs } from './chain-id.js';
import { imageSummary, layerCreatedBy, type ImageSummary } from '../report/layer-report.js';

export interface SideLayer {
  /** 1-based, as in the inspect table. */
  layer: number;
  diffID: string;
  chainID: string;
  createdBy: string;
  /** Unpacked bytes (regular files + symlink targets), as `docker history` counts them. */
  size: number;
  tarSize: number;
  inodes: number;
  /** Regular files. */
  files: number;
  /** Blob bytes when the blob is stored compressed and its size is known; else null. */
  compressedSize: number | null;
  /** The tar gzipped at level 6 (as `docker push` sends a plain layer), estimated by the scan. */
  gzipEstimate: number;
}

/** Sums over the layers of one side (the names and meanings of inspect's totals). */
export interface SideTotals {
  /** The engine's size (what `docker images` adds up): regular-file bytes + symlink target lengths. */
  size: number;
  tarBytes: number;
  inodes: number;
  /** Sum of compressed blob bytes; null unless every layer's is known. */
  compressedBytes: number | null;
}

export interface ImageSide {
  summary: ImageSummary;
  totals: SideTotals;
  layers: SideLayer[];
}

/**
 * What a side needs of a layer's scan: its content totals (nothing of the blob it was read
 * from). A LayerScan is one; so is the small copy a comparison step keeps in the step cache
 * (layerTotals).
 */
export interface LayerTotals {
  size: number;
  tarSize: number;
  gzipEstimate: number;
  inodes: number;
  counts: Pick<LayerCounts, 'files'>;
}

export function layerTotals(scan: LayerScan): LayerTotals {
  const { size, tarSize, gzipEstimate, inodes } = scan;
  return { size, tarSize, gzipEstimate, inodes, counts: { files: scan.counts.files } };
}

export function imageSide(image: Image, totals: LayerTotals[]): ImageSide {
  const chains = chainIDs(image.layers.map((l) => l.diffID));
  const commands = layerCreatedBy(image);
  const layers = image.layers.map((layer, i): SideLayer => ({
    layer: i + 1,
    diffID: layer.diffID,
    chainID: chains[i],
    createdBy: commands[i],
    size: totals[i].size,
    tarSize: totals[i].tarSize,
    inodes: totals[i].inodes,
    files: totals[i].counts.files,
    compressedSize: compressedSize(layer),
    gzipEstimate: totals[i].gzipEstimate,
  }));
  const compressed = layers.map((l) => l.compressedSize);
  return {
    summary: imageSummary(image, true),
    totals: {
      size: sum(layers.map((l) => l.size)),
      tarBytes: sum(layers.map((l) => l.tarSize)),
      inodes: sum(layers.map((l) => l.inodes)),
      compressedBytes:
        compressed.length > 0 && compressed.every((c) => c !== null) ? sum(compressed as number[]) : null,
    },
    layers,
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

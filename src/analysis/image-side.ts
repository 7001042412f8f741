/**
 * One image as a comparison sees it: its layers with chain IDs, the command that made each,
 * what each costs (from the scans) and the blob size when the source stores it compressed.
 * Pure: (Image metadata, LayerScan[]) => ImageSide.
 */
import type { LayerScan } from '../scan/layer-scan.js';
import type { Image } from '../source/model.js';
import { compressedSize } from './blob-size.js';
import { chainIDs } from './chain-id.js';
import { historyRows } from './layer-report.js';

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
}

export interface SideSummary {
  reference: string;
  id: string;
  repoTags: string[];
  layers: number;
  /** Sums over the layers (what `docker images` adds up). */
  size: number;
  tarSize: number;
  inodes: number;
  /** Sum of compressed blob sizes; null unless every layer's is known. */
  compressedSize: number | null;
}

export interface ImageSide {
  summary: SideSummary;
  layers: SideLayer[];
  scans: LayerScan[];
}

export function imageSide(image: Image, scans: LayerScan[]): ImageSide {
  const chains = chainIDs(image.layers.map((l) => l.diffID));
  const commands = new Map<number, string>();
  for (const { entry, layer } of historyRows(image)) if (layer) commands.set(layer.index, entry?.createdBy ?? '');
  const layers = image.layers.map((layer, i): SideLayer => ({
    layer: i + 1,
    diffID: layer.diffID,
    chainID: chains[i],
    createdBy: commands.get(i) ?? '',
    size: scans[i].size,
    tarSize: scans[i].tarSize,
    inodes: scans[i].inodes,
    files: scans[i].counts.files,
    compressedSize: compressedSize(layer, scans[i]),
  }));
  const compressed = layers.map((l) => l.compressedSize);
  return {
    summary: {
      reference: image.reference,
      id: image.id,
      repoTags: image.repoTags,
      layers: layers.length,
      size: sum(layers.map((l) => l.size)),
      tarSize: sum(layers.map((l) => l.tarSize)),
      inodes: sum(layers.map((l) => l.inodes)),
      compressedSize: compressed.length > 0 && compressed.every((c) => c !== null) ? sum(compressed as number[]) : null,
    },
    layers,
    scans,
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

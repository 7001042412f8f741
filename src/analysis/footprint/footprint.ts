/**
 * The footprint of a set of images on one host: the union of their cost items (each stored
 * once, by chain ID or digest), split per image into shared and unique the way
 * `docker system df -v` does, and per layer. Pure: (FootprintImage[], StoreOptions) => data.
 */
import { addCost, sumCosts, ZERO, type Cost } from './footprint-tree.js';
import type { ImageSummary } from '../report/layer-report.js';
import { storeItems, type CostItem, type FootprintImage, type StoreOptions } from './footprint-store.js';

/** Images are numbered from 1 in the order given (the # column); layers from 1 in row order. */
export interface ImageFootprint {
  image: ImageSummary;
  /** Everything this image needs on the host: shared + unique. */
  total: Cost;
  /** Items another image of the set uses too. */
  shared: Cost;
  /** Items only this image uses: what removing it frees. */
  unique: Cost;
}

export interface LayerFootprint {
  /** 1-based row number (the # column). */
  layer: number;
  chainID: string;
  diffID: string;
  parentChainID: string | null;
  /** Numbers (from 1) of the images whose chain holds this layer. */
  usedBy: number[];
  /** The unpacked tree. */
  tree: Cost;
  /** The store's own files for the layer (driver dirs, layer metadata, committed markers, snapshot dirs). */
  bookkeeping: Cost;
  /** containerd: the blob in the content store (a blob already brought by an earlier row counts there). */
  blob: Cost;
  total: Cost;
  /** Number (`layer`) of an earlier row with the same diffID on another parent (stored again); null if none. */
  sameDiffIDAs: number | null;
}

export interface HostFootprint {
  images: ImageFootprint[];
  layers: LayerFootprint[];
  /** Per-image files (configs; manifests in the containerd store). */
  imageFiles: Cost;
  total: Cost;
}

/** The union cost of images given by their item lists. */
export function unionCost(itemLists: CostItem[][]): Cost {
  const seen = new Map<string, Cost>();
  for (const items of itemLists) for (const item of items) seen.set(item.key, item.cost);
  return sumCosts(seen.values());
}

function imageSplit(image: FootprintImage, items: CostItem[], users: Map<string, number>): ImageFootprint {
  let shared = ZERO;
  let unique = ZERO;
  for (const item of dedupe(items)) {
    if ((users.get(item.key) ?? 0) > 1) shared = addCost(shared, item.cost);
    else unique = addCost(unique, item.cost);
  }
  return { image: image.summary, total: addCost(shared, unique), shared, unique };
}

/** An image's items once each (an image may hold one blob twice). */
function dedupe(items: CostItem[]): CostItem[] {
  const byKey = new Map<string, CostItem>();
  for (const item of items) if (!byKey.has(item.key)) byKey.set(item.key, item);
  return [...byKey.values()];
}

function layerRows(images: FootprintImage[], itemLists: CostItem[][]): LayerFootprint[] {
  const rows = new Map<string, LayerFootprint>();
  const firstByDiffID = new Map<string, number>();
  images.forEach((image, i) => {
    image.layers.forEach((layer, k) => {
      let row = rows.get(layer.chainID);
      if (!row) {
        const number = rows.size + 1;
        const earlier = firstByDiffID.get(layer.diffID);
        if (earlier === undefined) firstByDiffID.set(layer.diffID, number);
        row = {
          layer: number,
          chainID: layer.chainID,
          diffID: layer.diffID,
          parentChainID: k > 0 ? image.layers[k - 1].chainID : null,
          usedBy: [],
          tree: ZERO,
          bookkeeping: ZERO,
          blob: ZERO,
          total: ZERO,
          sameDiffIDAs: earlier ?? null,
        };
        rows.set(layer.chainID, row);
      }
      if (!row.usedBy.includes(i + 1)) row.usedBy.push(i + 1);
    });
  });
  const counted = new Set<string>();
  images.forEach((image, i) => {
    for (const item of itemLists[i]) {
      if (item.layer === null || counted.has(item.key)) continue;
      counted.add(item.key);
      const row = rows.get(image.layers[item.layer].chainID)!;
      if (item.kind === 'tree') row.tree = addCost(row.tree, item.cost);
      else if (item.kind === 'blob') row.blob = addCost(row.blob, item.cost);
      else row.bookkeeping = addCost(row.bookkeeping, item.cost);
      row.total = addCost(row.total, item.cost);
    }
  });
  return [...rows.values()];
}

export function hostFootprint(images: FootprintImage[], opts: StoreOptions): HostFootprint {
  const itemLists = images.map((image) => storeItems(image, opts));
  const users = new Map<string, number>();
  for (const items of itemLists)
    for (const key of new Set(items.map((it) => it.key))) users.set(key, (users.get(key) ?? 0) + 1);
  const imageItems = new Map<string, Cost>();
  for (const items of itemLists) for (const item of items) if (item.layer === null) imageItems.set(item.key, item.cost);
  return {
    images: images.map((image, i) => imageSplit(image, itemLists[i], users)),
    layers: layerRows(images, itemLists),
    imageFiles: sumCosts(imageItems.values()),
    total: unionCost(itemLists),
  };
}

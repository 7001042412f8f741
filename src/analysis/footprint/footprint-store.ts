/**
 * The two image stores as cost items: everything an image puts on a host, each item keyed by
 * what the engine deduplicates it by (chain ID for unpacked layers, digest for blobs, image
 * ID for configs). The union of the items of the images on a host is its footprint. Pure.
 *
 * overlay2 (the classic graph driver, dockerd ≤ 28 and upgraded hosts), per layer:
 *   overlay2/<cache-id>/            dir      diff/ (the tree), link (26 B), and for a layer with
 *                                            a parent: lower (29·depth−1 B), work/
 *   overlay2/l/<link-id>            symlink  "../<cache-id>/diff" (72 B: not a fast symlink)
 *   overlay2/<parent>/committed     empty file, written into a layer's parent
 *   image/overlay2/layerdb/sha256/<chain-id>/  dir with cache-id, diff, size, parent (with a
 *                                            parent), tar-split.json.gz (grows per tar entry)
 *   per image: imagedb/content/sha256/<id> (the config); pulled images also get
 *   distribution/diffid-by-digest/sha256/<digest> and distribution/v2metadata-by-diffid/sha256/<diffID>
 * containerd image store (Docker 29's default), per layer:
 *   content store blobs/sha256/<digest>     the blob as pulled (compressed) or loaded
 *   snapshots/<n>/ with fs/ (the tree) and work/
 *   per image: the config and manifest blobs. metadata.db (bolt, grows in large steps for all
 *   images at once) is not counted.
 */
import { imageSummary, type ImageSummary } from '../report/layer-report.js';
import type { LayerScan } from '../../scan/layer-scan.js';
import type { HistoryEntry, Image } from '../../source/model.js';
import { chainIDs } from '../compare/chain-id.js';
import { blocksOf, treeCost, type Cost, type TreeCost } from './footprint-tree.js';

export type StoreKind = 'overlay2' | 'containerd';
export const STORE_KINDS: readonly StoreKind[] = ['overlay2', 'containerd'];

export interface StoreOptions {
  store: StoreKind;
  blockSize: number;
  /** Images arrive by pull (registry bookkeeping is written) rather than by docker load. */
  pulled: boolean;
}

/** What the footprint needs of one layer, from its scan. */
export interface FootprintLayer {
  diffID: string;
  chainID: string;
  blobDigest: string;
  blobSize: number;
  tree: TreeCost;
  /** Tar entries, and regular files with content (tar-split keeps a checksum of each). */
  tarEntries: number;
  contentFiles: number;
}

export interface FootprintImage {
  /** The reference as the user wrote it. */
  reference: string;
  id: string;
  manifestDigest: string;
  summary: ImageSummary;
  layers: FootprintLayer[];
  configBytes: number;
  manifestBytes: number;
}

export type ItemKind = 'tree' | 'bookkeeping' | 'committed' | 'blob' | 'image';

export interface CostItem {
  key: string;
  kind: ItemKind;
  /** 0-based layer of the image the item belongs to; null for image-level items. */
  layer: number | null;
  cost: Cost;
}

/**
 * tar-split.json.gz (the tar headers the engine keeps to re-create the layer tar byte for
 * byte): ≈ 150 B + 28 B per tar entry + 25 B per file with content (its CRC-64), fitted on
 * layers of 2 to 3,800 entries loaded into dockerd 20.10 (within 1% on the large ones).
 */
export const TAR_SPLIT = { base: 150, perEntry: 28, perContentFile: 25 };
/** Length of overlay2's short link names ("l/" + 26 characters). */
const LOWER_ENTRY = 28;

export function tarSplitBytes(layer: Pick<FootprintLayer, 'tarEntries' | 'contentFiles'>): number {
  return TAR_SPLIT.base + TAR_SPLIT.perEntry * layer.tarEntries + TAR_SPLIT.perContentFile * layer.contentFiles;
}

/** Size of an image config, estimated from what it holds (the sources do not keep its bytes). */
export function estimateConfigBytes(history: readonly HistoryEntry[], layers: number): number {
  const historyBytes = history.reduce((sum, h) => sum + Buffer.byteLength(h.createdBy) + 90, 0);
  return 600 + historyBytes + 72 * layers;
}

export const estimateManifestBytes = (layers: number): number => 400 + 180 * layers;

export function footprintImage(image: Image, scans: LayerScan[], blockSize: number): FootprintImage {
  const chains = chainIDs(image.layers.map((l) => l.diffID));
  return {
    reference: image.reference,
    id: image.id,
    manifestDigest: image.manifestDigest ?? image.id,
    summary: imageSummary(image, true),
    configBytes: estimateConfigBytes(image.history, image.layers.length),
    manifestBytes: estimateManifestBytes(image.layers.length),
    layers: image.layers.map((layer, i) => {
      const scan = scans[i];
      return {
        diffID: layer.diffID,
        chainID: chains[i],
        blobDigest: layer.digest ?? layer.diffID,
        blobSize: layer.blobSize ?? scan.tarSize,
        tree: treeCost(scan.entries, blockSize),
        tarEntries: scan.entries.length,
        contentFiles: scan.entries.filter((e) => e.type === 'file' && e.size > 0).length,
      };
    }),
  };
}

const one = (opts: StoreOptions): Cost => ({ bytes: opts.blockSize, inodes: 1 });
const files = (n: number, opts: StoreOptions): Cost => ({ bytes: n * opts.blockSize, inodes: n });

/** overlay2 bookkeeping of layer `depth` (0 = no parent), tree excluded. */
export function overlay2Bookkeeping(layer: FootprintLayer, depth: number, opts: StoreOptions): Cost {
  const b = opts.blockSize;
  const driverFiles = depth === 0 ? 3 : 5; // <cache-id>/, link, l/<link-id> [+ work/, lower]
  const lowerExtra = depth === 0 ? 0 : blocksOf(LOWER_ENTRY * depth + depth - 1, b) - b;
  const layerdbFiles = depth === 0 ? 4 : 5; // <chain-id>/, cache-id, diff, size [+ parent]
  const tarSplit = { bytes: blocksOf(tarSplitBytes(layer), b), inodes: 1 };
  const base = files(driverFiles + layerdbFiles, opts);
  return { bytes: base.bytes + lowerExtra + tarSplit.bytes, inodes: base.inodes + tarSplit.inodes };
}

export function storeItems(image: FootprintImage, opts: StoreOptions): CostItem[] {
  const items: CostItem[] = [];
  image.layers.forEach((layer, k) => {
    items.push({ key: `tree:${layer.chainID}`, kind: 'tree', layer: k, cost: layer.tree });
    if (opts.store === 'overlay2') {
      items.push({
        key: `layer:${layer.chainID}`,
        kind: 'bookkeeping',
        layer: k,
        cost: overlay2Bookkeeping(layer, k, opts),
      });
      if (k > 0)
        items.push({
          key: `committed:${image.layers[k - 1].chainID}`,
          kind: 'committed',
          layer: k - 1,
          cost: { bytes: 0, inodes: 1 },
        });
      if (opts.pulled) {
        items.push({ key: `diffid-by-digest:${layer.blobDigest}`, kind: 'bookkeeping', layer: k, cost: one(opts) });
        items.push({ key: `v2metadata-by-diffid:${layer.diffID}`, kind: 'bookkeeping', layer: k, cost: one(opts) });
      }
    } else {
      items.push({ key: `snapshot:${layer.chainID}`, kind: 'bookkeeping', layer: k, cost: files(2, opts) }); // snapshots/<n>/, work/
      items.push({
        key: `blob:${layer.blobDigest}`,
        kind: 'blob',
        layer: k,
        cost: { bytes: blocksOf(layer.blobSize, opts.blockSize), inodes: 1 },
      });
    }
  });
  items.push({
    key: `config:${image.id}`,
    kind: 'image',
    layer: null,
    cost: { bytes: blocksOf(image.configBytes, opts.blockSize), inodes: 1 },
  });
  if (opts.store === 'containerd') {
    items.push({
      key: `manifest:${image.manifestDigest}`,
      kind: 'image',
      layer: null,
      cost: { bytes: blocksOf(image.manifestBytes, opts.blockSize), inodes: 1 },
    });
  }
  return items;
}

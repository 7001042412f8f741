/**
 * The compressed size of a layer's blob, as a registry would send it: known exactly when the
 * blob is stored compressed. When the scan read this very blob, its sniffed compression
 * decides; a scan from the cache may come from another source of the same diffID (an OCI
 * layout's gzip blob for a docker save's plain tar), so then the manifest's media type and
 * size are used. Pure.
 */
import type { LayerScan } from '../scan/layer-scan.js';
import type { Compression, Layer } from '../source/model.js';

const COMPRESSED_MEDIA = /gzip|zstd/;

/** What a scan says about the blob it read. */
export type BlobRead = Pick<LayerScan, 'blobDigest' | 'compression' | 'blobSize'>;

/** True when `scan` read the blob `layer` names (not a cached scan of another copy). */
export function scannedThisBlob(layer: Layer, scan: BlobRead): boolean {
  return layer.digest !== undefined ? layer.digest === scan.blobDigest : scan.compression === 'none';
}

export function compressedSize(layer: Layer, scan: BlobRead | undefined): number | null {
  if (scan && scannedThisBlob(layer, scan)) return scan.compression === 'none' ? null : scan.blobSize;
  if (layer.blobSize !== undefined && COMPRESSED_MEDIA.test(layer.mediaType ?? '')) return layer.blobSize;
  return null;
}

/** The compression of the blob as stored, when known. */
export function blobCompression(layer: Layer, scan: BlobRead | undefined): Compression | null {
  if (scan && scannedThisBlob(layer, scan)) return scan.compression;
  if (/gzip/.test(layer.mediaType ?? '')) return 'gzip';
  if (/zstd/.test(layer.mediaType ?? '')) return 'zstd';
  return null;
}

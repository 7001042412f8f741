/**
 * The compressed size and the compression of a layer's blob, as a registry would send it:
 * facts of the blob, so they come from the layer (the image a scan describes carries the
 * compression sniffed from the blob's bytes, whatever the scan cache held), never from a
 * content scan, which may have been made from another copy of the same diffID. An image no
 * scan described (--quick) falls back to the manifest's media type. Pure.
 */
import type { Compression, Layer } from '../../source/model.js';

const COMPRESSED_MEDIA = /gzip|zstd/;

/** The compression of the blob as stored, when known. */
export function blobCompression(layer: Layer): Compression | null {
  if (layer.compression) return layer.compression;
  if (/gzip/.test(layer.mediaType ?? '')) return 'gzip';
  if (/zstd/.test(layer.mediaType ?? '')) return 'zstd';
  return null;
}

/** Blob bytes when the blob is stored compressed and its size is known; else null. */
export function compressedSize(layer: Layer): number | null {
  const compression = layer.compression ?? (COMPRESSED_MEDIA.test(layer.mediaType ?? '') ? 'gzip' : null);
  return compression && compression !== 'none' && layer.blobSize !== undefined ? layer.blobSize : null;
}

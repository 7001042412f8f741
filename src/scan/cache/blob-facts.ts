/**
 * The facts of a layer's blob — its compression, sniffed from its bytes, and its size — as
 * opposed to the facts of its content (layer-scan.ts). They are a function of the blob, not
 * of the diffID: one diffID travels as a plain tar in one archive and as gzip in another. So
 * they are kept by blob digest, never with a content scan, and a layer's are found, in
 * order: from the read of this very layer in this run, from the cache under its digest, or
 * from the blob's first bytes. Also here: the decoders of the small cache entries.
 */
import { peek, sniffCompression } from '../../source/decompress.js';
import type { Compression, HistoryEntry, Layer, StreamedConfig } from '../../source/model.js';

export interface BlobFacts {
  compression: Compression;
  /** Bytes of the blob as stored. */
  size: number;
}

export interface BlobFactsStore {
  getBlob(digest: string): Promise<BlobFacts | undefined>;
  putBlob(digest: string, facts: BlobFacts): Promise<void>;
}

/** The facts of `layer`'s blob; undefined when its size is unknown and it was not read. */
export async function blobFactsOf(
  layer: Layer,
  seen: WeakMap<Layer, BlobFacts>,
  cache: BlobFactsStore | undefined,
  signal?: AbortSignal,
): Promise<BlobFacts | undefined> {
  const read = seen.get(layer);
  if (read) return read;
  const cached = layer.digest ? await cache?.getBlob(layer.digest) : undefined;
  if (cached) return cached;
  if (layer.blobSize === undefined) return undefined;
  const facts = { compression: await sniffBlob(layer, signal), size: layer.blobSize };
  if (layer.digest) await cache?.putBlob(layer.digest, facts);
  return facts;
}

/** The compression of a layer's blob, from its first bytes (the rest is not read). */
async function sniffBlob(layer: Layer, signal?: AbortSignal): Promise<Compression> {
  const blob = await layer.openBlob(signal);
  try {
    return sniffCompression(await peek(blob, 4));
  } finally {
    blob.destroy();
  }
}

const COMPRESSIONS: Compression[] = ['gzip', 'zstd', 'none'];

export function decodeBlobFacts(bytes: Buffer): BlobFacts | undefined {
  try {
    const raw = JSON.parse(bytes.toString('utf8'));
    if (!COMPRESSIONS.includes(raw?.compression) || !Number.isSafeInteger(raw?.size) || raw.size < 0) return undefined;
    return { compression: raw.compression, size: raw.size };
  } catch {
    return undefined;
  }
}

export function decodeStreamedConfig(bytes: Buffer): StreamedConfig | undefined {
  try {
    const raw = JSON.parse(bytes.toString('utf8'));
    if (!Array.isArray(raw?.history) || !raw.history.every(isHistoryEntry)) return undefined;
    if (raw.created !== undefined && typeof raw.created !== 'string') return undefined;
    return { created: raw.created, history: raw.history };
  } catch {
    return undefined;
  }
}

function isHistoryEntry(e: unknown): e is HistoryEntry {
  const h = e as HistoryEntry;
  return typeof h === 'object' && h !== null && typeof h.createdBy === 'string' && typeof h.emptyLayer === 'boolean';
}

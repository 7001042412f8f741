/**
 * Scans every layer of an image: bounded concurrency, progress events, cancellation, and
 * each distinct diffID scanned once per session (layers shared between images included).
 */
import { withContext, LayerscopeError, inputError } from '../errors.js';
import type { Image, Layer } from '../source/model.js';
import type { LayerScan } from './layer-scan.js';
import { scanBlob } from './scan-blob.js';

export interface ScanProgress {
  reference: string;
  layersDone: number;
  layersTotal: number;
  bytesRead: number;
  /** Sum of known blob sizes, when every layer's size is known. */
  bytesTotal?: number;
}

export interface ScanOptions {
  concurrency?: number;
  signal?: AbortSignal;
  hashContent?: boolean;
  onProgress?: (p: ScanProgress) => void;
}

/** Scans shared by diffID across the images of one run. */
export class ScanSession {
  private readonly scans = new Map<string, Promise<LayerScan>>();
  /** How many layer blobs this session actually read. */
  layersRead = 0;

  async scanImage(image: Image, opts: ScanOptions = {}): Promise<LayerScan[]> {
    const progress = newProgress(image);
    const report = () => opts.onProgress?.({ ...progress });
    const onBytes = (n: number) => {
      progress.bytesRead += n;
      report();
    };
    const onLayerDone = () => {
      progress.layersDone++;
      report();
    };
    if (image.streamBlobs && image.layers.some((l) => !this.has(l, opts))) {
      await this.scanStream(image, opts, onBytes);
    }
    const results = await mapBounded(image.layers, opts.concurrency ?? 2, async (layer) => {
      const scan = await this.scanLayer(image, layer, opts, onBytes);
      onLayerDone();
      return scan;
    });
    return results;
  }

  private key(diffID: string, opts: ScanOptions): string {
    return opts.hashContent ? `${diffID}#hashed` : diffID;
  }

  private has(layer: Layer, opts: ScanOptions): boolean {
    return this.scans.has(this.key(layer.diffID, opts)) || this.scans.has(this.key(layer.diffID, { hashContent: true }));
  }

  private scanLayer(image: Image, layer: Layer, opts: ScanOptions, onBytes: (n: number) => void): Promise<LayerScan> {
    const existing = this.scans.get(this.key(layer.diffID, opts)) ?? this.scans.get(this.key(layer.diffID, { hashContent: true }));
    if (existing) return existing;
    const task = (async () => {
      const blob = await layer.openBlob(opts.signal);
      this.layersRead++;
      try {
        return await scanBlob(blob, {
          expectDiffID: layer.diffID,
          expectDigest: layer.digest,
          hashContent: opts.hashContent,
          signal: opts.signal,
          onBytes,
        });
      } catch (err) {
        throw withContext(`reading layer ${layer.index + 1}/${image.layers.length} of ${image.reference}`, abortAware(err, opts));
      } finally {
        blob.destroy();
      }
    })();
    this.scans.set(this.key(layer.diffID, opts), task);
    task.catch(() => this.scans.delete(this.key(layer.diffID, opts)));
    return task;
  }

  /** One pass over a source that delivers all blobs in one stream (an engine export). */
  private async scanStream(image: Image, opts: ScanOptions, onBytes: (n: number) => void): Promise<void> {
    const wanted = new Map(image.layers.map((l) => [l.diffID, l]));
    for await (const blob of image.streamBlobs!(opts.signal)) {
      const layer = (blob.digest && wanted.get(blob.digest)) || undefined;
      if (layer && this.has(layer, opts)) {
        blob.stream.resume();
        continue;
      }
      this.layersRead++;
      try {
        const scan = await scanBlob(blob.stream, { hashContent: opts.hashContent, signal: opts.signal, onBytes });
        if (wanted.has(scan.diffID)) this.scans.set(this.key(scan.diffID, opts), Promise.resolve(scan));
      } catch (err) {
        throw withContext(`reading ${blob.name} of ${image.reference}`, abortAware(err, opts));
      }
    }
    const missing = image.layers.find((l) => !this.has(l, opts));
    if (missing) throw inputError(`${image.reference}: the export has no layer with diffID ${missing.diffID.slice(0, 19)}`);
  }
}

function newProgress(image: Image): ScanProgress {
  const sizes = image.layers.map((l) => l.blobSize);
  const known = sizes.every((s) => typeof s === 'number');
  return {
    reference: image.reference,
    layersDone: 0,
    layersTotal: image.layers.length,
    bytesRead: 0,
    bytesTotal: known ? sizes.reduce((a, b) => a! + b!, 0) : undefined,
  };
}

function abortAware(err: unknown, opts: ScanOptions): unknown {
  if (opts.signal?.aborted) return new LayerscopeError('aborted', 'interrupted');
  return err;
}

/** Maps with at most `limit` calls in flight, keeping input order. */
export async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

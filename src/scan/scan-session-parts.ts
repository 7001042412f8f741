/** The small pieces ScanSession is built from: bounded mapping, progress, abort and error context. */
import { LayerscopeError } from '../errors.js';
import type { BlobSink, Image } from '../source/model.js';

export interface ScanProgress {
  reference: string;
  layersDone: number;
  layersTotal: number;
  bytesRead: number;
  /** Sum of known blob sizes, when every layer's size is known. */
  bytesTotal?: number;
}

/** A sink whose failures (thrown or rejected) are wrapped by `wrap`. */
export function inContext(sink: BlobSink, wrap: (err: unknown) => unknown): BlobSink {
  const rethrow = (err: unknown): never => {
    throw wrap(err);
  };
  return {
    write(chunk) {
      try {
        return sink.write(chunk)?.catch(rethrow);
      } catch (err) {
        return rethrow(err);
      }
    },
    end: () => sink.end().catch(rethrow),
    abort: () => sink.abort(),
  };
}

export function newProgress(image: Image): ScanProgress {
  const sizes = image.layers.map((l) => l.blobSize);
  const known = sizes.every((s) => typeof s === 'number');
  return {
    reference: image.reference,
    layersDone: 0,
    layersTotal: image.layers.length,
    bytesRead: 0,
    bytesTotal: known ? (sizes as number[]).reduce((a, b) => a + b, 0) : undefined,
  };
}

export function abortAware(err: unknown, opts: { signal?: AbortSignal }): unknown {
  if (opts.signal?.aborted) return new LayerscopeError('aborted', 'interrupted');
  return err;
}

/** Maps with at most `limit` calls in flight, keeping input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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

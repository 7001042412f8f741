/**
 * Scans every layer of an image: bounded concurrency, progress events, cancellation, and
 * each distinct diffID scanned once — per session in memory (layers shared between the
 * images of one run) and across runs through the on-disk ScanCache. What a scan learns
 * beyond the content of the layers (the facts of each blob, the config an export carried)
 * is handed out by describe() as a new Image: the source's image is never written.
 * How a layer is read is chosen by what its source offers (read-strategies.ts): one pass over
 * a one-stream image, a seek through a local file, or a stream.
 */
import { withContext } from '../errors.js';
import { layerCapabilities, type Image, type Layer, type StreamedConfig } from '../source/model.js';
import { blobFactsOf, type BlobFacts } from './cache/blob-facts.js';
import type { LayerScan } from './layer-scan.js';
import { chooseRead, READ_STRATEGIES, readLayerBy, type ReadStrategy } from './read-strategies.js';
import type { ScanCache } from './cache/scan-cache.js';
import { abortAware, mapBounded, newProgress, type ScanProgress } from './scan-session-parts.js';

export interface ScanOptions {
  concurrency?: number;
  signal?: AbortSignal;
  /** Hash every file's content (needed to compare images file by file). */
  hashContent?: boolean;
  onProgress?: (p: ScanProgress) => void;
  /** Called as each layer's scan is ready (index into image.layers), in completion order. */
  onLayer?: (index: number, scan: LayerScan) => void;
  /** Bytes read from one layer's blob as they are read (not called for one-stream sources). */
  onLayerBytes?: (index: number, bytes: number) => void;
  /** Called when one layer's scan fails (its index, the error scanImage then rejects with or one after it). */
  onLayerError?: (index: number, error: unknown) => void;
}

export interface ScanStats {
  /** Layer blobs actually read. */
  layersScanned: number;
  /** Layers taken from the on-disk cache. */
  layersFromCache: number;
  /** Layers reused from an earlier image of the same run. */
  layersShared: number;
  bytesRead: number;
}

/**
 * Which blob a layer's bytes come from, as far as the source tells: its digest, else where it
 * lies in a local file; the engine vouches for its own layers. Two layers share a scan in
 * memory only when both their diffID and their blob are the same: a layer whose blob differs
 * (or is unknown) is read and verified from its own blob, even when its diffID came earlier.
 */
function blobKey(image: Image, layer: Layer): string {
  if (layer.digest) return layer.digest;
  if (layer.file) return `file:${layer.file.path}@${layer.file.offset}+${layer.file.size}`;
  if (image.source === 'docker') return 'engine';
  return `unknown:${image.reference}#${layer.index}`;
}

/** Scans shared by diffID and blob across the images of one run, backed by an optional disk cache. */
export class ScanSession {
  private readonly scans = new Map<string, Promise<LayerScan>>();
  /** The facts of the blobs read in this session, by the layer (of its source's image) read. */
  private readonly blobs = new WeakMap<Layer, BlobFacts>();
  /** The configs export streams carried, by image ID. */
  private readonly configs = new Map<string, StreamedConfig>();
  readonly stats: ScanStats = { layersScanned: 0, layersFromCache: 0, layersShared: 0, bytesRead: 0 };

  /** `strategies`: the read paths, in order of preference (tests pass a subset to force one). */
  constructor(
    private readonly cache?: ScanCache,
    private readonly strategies: readonly ReadStrategy[] = READ_STRATEGIES,
  ) {}

  async scanImage(image: Image, opts: ScanOptions = {}): Promise<LayerScan[]> {
    const progress = newProgress(image);
    const report = () => opts.onProgress?.({ ...progress });
    const onBytes = (n: number) => {
      progress.bytesRead += n;
      this.stats.bytesRead += n;
      report();
    };
    const hashed = !!opts.hashContent;
    const shared = new Set(
      image.layers.filter((l) => this.inMemory(this.id(image, l), hashed)).map((l) => this.id(image, l)),
    );
    this.stats.layersShared += shared.size;
    // Layers reported to onLayer already (a one-stream source reports each as it is read).
    const reported = new Set<number>();
    const onStreamed = (scan: LayerScan) => {
      for (const l of image.layers) {
        if (l.diffID !== scan.diffID || reported.has(l.index)) continue;
        reported.add(l.index);
        opts.onLayer?.(l.index, scan);
      }
    };
    await this.scanStream(image, opts, onBytes, onStreamed);
    return mapBounded(image.layers, opts.concurrency ?? 2, async (layer) => {
      const layerBytes = (n: number) => {
        onBytes(n);
        opts.onLayerBytes?.(layer.index, n);
      };
      const scan = await this.scanLayer(image, layer, opts, layerBytes).catch((err: unknown) => {
        if (!opts.signal?.aborted) opts.onLayerError?.(layer.index, err);
        throw err;
      });
      progress.layersDone++;
      report();
      if (!reported.has(layer.index)) opts.onLayer?.(layer.index, scan);
      return scan;
    });
  }

  /**
   * `image` as the scan knows it, a new value: each layer with its blob's compression and
   * size (blob-facts.ts; not for a one-stream source, which names no blob), and for one
   * whose stream carries the config, that config's history and creation time. The same
   * whatever the caches held: an engine image whose layers all came from the cache has its
   * export read for the config (once; then the config is cached by image ID).
   */
  async describe(image: Image, signal?: AbortSignal): Promise<Image> {
    const layers = await mapBounded(image.layers, 4, async (layer): Promise<Layer> => {
      const { pushed } = layerCapabilities(image, layer);
      const facts = pushed ? undefined : await blobFactsOf(layer, this.blobs, this.cache, signal);
      return facts ? { ...layer, compression: facts.compression, blobSize: facts.size } : { ...layer };
    });
    const config = image.pushBlobs ? await this.streamedConfig(image, signal) : undefined;
    const learned = config ? { history: config.history, created: image.created ?? config.created } : {};
    return { ...image, layers, ...learned };
  }

  private async streamedConfig(image: Image, signal?: AbortSignal): Promise<StreamedConfig | undefined> {
    const known = this.configs.get(image.id) ?? (await this.cache?.getConfig(image.id));
    if (known) return known;
    const config = await image.pushBlobs!(() => undefined, signal);
    if (config) await this.learnConfig(image.id, config);
    return config;
  }

  private async learnConfig(imageID: string, config: StreamedConfig): Promise<void> {
    this.configs.set(imageID, config);
    await this.cache?.putConfig(imageID, config);
  }

  /** Notes what reading `layer`'s blob showed of it (and caches it under the blob's digest). */
  private async learnBlob(layer: Layer, facts: BlobFacts): Promise<void> {
    this.blobs.set(layer, facts);
    if (layer.digest) await this.cache?.putBlob(layer.digest, facts);
  }

  /** The layer's blob was read and verified before, as far as the cache knows (or it names no blob). */
  private async verifiedBefore(layer: Layer): Promise<boolean> {
    if (!layer.digest) return true;
    const facts = await this.cache?.getBlob(layer.digest);
    if (!facts || (layer.blobSize !== undefined && facts.size !== layer.blobSize)) return false;
    this.blobs.set(layer, facts); // describe() need not read the facts file again
    return true;
  }

  /** The in-memory identity of a layer's scan: its diffID and its blob. */
  private id(image: Image, layer: Layer): string {
    return `${layer.diffID} ${blobKey(image, layer)}`;
  }

  private key(diffID: string, hashed: boolean): string {
    return hashed ? `${diffID}#hashed` : diffID;
  }

  /** A scan already in memory that satisfies the request (a hashed scan serves both). */
  private inMemory(diffID: string, hashed: boolean): Promise<LayerScan> | undefined {
    return this.scans.get(this.key(diffID, true)) ?? (hashed ? undefined : this.scans.get(diffID));
  }

  private remember(diffID: string, hashed: boolean, task: Promise<LayerScan>): Promise<LayerScan> {
    const key = this.key(diffID, hashed);
    this.scans.set(key, task);
    task.catch(() => this.scans.delete(key));
    return task;
  }

  /** Puts cached scans into memory; returns the layers still to be read. */
  private async loadCached(image: Image, layers: readonly Layer[], hashed: boolean): Promise<Layer[]> {
    const missing: Layer[] = [];
    for (const layer of layers) {
      if (this.inMemory(this.id(image, layer), hashed)) continue;
      const cached = await this.cache?.get(layer.diffID, hashed);
      if (cached) {
        this.stats.layersFromCache++;
        this.remember(this.id(image, layer), cached.hashed, Promise.resolve(cached));
      } else missing.push(layer);
    }
    return missing;
  }

  private scanLayer(image: Image, layer: Layer, opts: ScanOptions, onBytes: (n: number) => void): Promise<LayerScan> {
    const hashed = !!opts.hashContent;
    const existing = this.inMemory(this.id(image, layer), hashed);
    if (existing) return existing;
    return this.remember(this.id(image, layer), hashed, this.readLayer(image, layer, opts, onBytes));
  }

  private async readLayer(
    image: Image,
    layer: Layer,
    opts: ScanOptions,
    onBytes: (n: number) => void,
  ): Promise<LayerScan> {
    const hashed = !!opts.hashContent;
    const cached = await this.cache?.get(layer.diffID, hashed);
    // A cached scan was verified from some blob with this diffID; it serves a layer whose blob is
    // unknown, or one this cache has read and verified before (its facts are kept by digest) and
    // whose size is the one the source declares.
    if (cached && (await this.verifiedBefore(layer))) {
      this.stats.layersFromCache++;
      return cached;
    }
    this.stats.layersScanned++;
    try {
      const scan = await readLayerBy(this.strategies, layerCapabilities(image, layer), {
        layer,
        hashContent: hashed,
        signal: opts.signal,
        onBytes,
        learnBlob: (facts) => this.learnBlob(layer, facts),
      });
      await this.cache?.put(scan);
      return scan;
    } catch (err) {
      throw withContext(
        `reading layer ${layer.index + 1}/${image.layers.length} of ${image.reference}`,
        abortAware(err, opts),
      );
    }
  }

  /** The read strategy that fits `layer` first. */
  private choose(image: Image, layer: Layer): ReadStrategy | undefined {
    return chooseRead(this.strategies, layerCapabilities(image, layer), layer);
  }

  /**
   * When the layers' strategy reads the whole image in one pass (pushed: a one-stream source),
   * that pass, for the layers not in memory or cache, before the layers are mapped (which then
   * find their scans in memory).
   */
  private async scanStream(
    image: Image,
    opts: ScanOptions,
    onBytes: (n: number) => void,
    onScan: (scan: LayerScan) => void,
  ): Promise<void> {
    const chosen = image.layers.map((l) => this.choose(image, l));
    const pass = chosen.find((s) => s?.scope === 'image');
    if (pass?.scope !== 'image') return;
    const hashed = !!opts.hashContent;
    const passed = image.layers.filter((_, i) => chosen[i] === pass);
    const missing = await this.loadCached(image, passed, hashed);
    if (missing.length === 0) return;
    await pass.read({
      image,
      missing,
      hashContent: hashed,
      signal: opts.signal,
      onBytes,
      onRead: () => this.stats.layersScanned++,
      onScan: async (scan) => {
        await this.cache?.put(scan);
        for (const l of missing.filter((m) => m.diffID === scan.diffID))
          this.remember(this.id(image, l), hashed, Promise.resolve(scan));
        onScan(scan);
      },
      onConfig: (config) => this.learnConfig(image.id, config),
    });
  }
}

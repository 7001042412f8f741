/**
 * The ways the scan reads a layer's bytes, one per capability a source states
 * (source/model.ts, layerCapabilities), in the order the scan prefers them:
 *
 *   pushed  the image's one stream, read once for all the layers still to scan (scan-pushed.ts)
 *   seek    a plain tar of THREAD_MIN_BYTES or more in a local file, with sha256 digests: walked by
 *           seeking over bodies and hashed on a worker (scan-file.ts)
 *   stream  the blob as a stream, sniffed, decompressed and walked (scan-blob.ts): fits every layer
 *
 * A layer is read by the first strategy that fits it. A strategy may still decline once it
 * sees the bytes (seek, on a blob that turns out compressed): the next that fits reads it.
 * Each strategy reads and verifies; caching, sharing and error context are ScanSession's.
 */
import { inputError, withContext } from '../errors.js';
import type { Image, Layer, LayerCapabilities, StreamedConfig } from '../source/model.js';
import type { BlobFacts } from './cache/blob-facts.js';
import { THREAD_MIN_BYTES } from './hash/sha256.js';
import type { LayerScan } from './layer-scan.js';
import { scanBlob } from './scan-blob.js';
import { scanFile } from './scan-file.js';
import { scanPushed } from './scan-pushed.js';
import { abortAware, inContext } from './scan-session-parts.js';

/** What a read of one layer is given by the session. */
export interface LayerRead {
  readonly layer: Layer;
  readonly hashContent: boolean;
  readonly signal?: AbortSignal;
  /** Blob bytes read (or passed over) since the last call. */
  readonly onBytes: (n: number) => void;
  /** Notes what reading the blob showed of it (its sniffed compression and its size). */
  readonly learnBlob: (facts: BlobFacts) => Promise<void>;
}

/** What the one pass over an image's stream is given: the layers it must scan, and where scans go. */
export interface StreamPass {
  readonly image: Image;
  readonly missing: readonly Layer[];
  readonly hashContent: boolean;
  readonly signal?: AbortSignal;
  readonly onBytes: (n: number) => void;
  /** A blob of the stream is about to be scanned. */
  readonly onRead: () => void;
  /** A missing layer's scan is ready (once per diffID). */
  readonly onScan: (scan: LayerScan) => Promise<void>;
  /** The image config the stream carried. */
  readonly onConfig: (config: StreamedConfig) => Promise<void>;
}

interface Strategy {
  readonly name: 'pushed' | 'seek' | 'stream';
  /** Whether this path can read `layer`, by what its source offers and what the layer holds. */
  fits(caps: LayerCapabilities, layer: Layer): boolean;
}

/** Reads one layer; undefined when it declines after seeing the bytes. */
interface LayerStrategy extends Strategy {
  readonly scope: 'layer';
  read(r: LayerRead): Promise<LayerScan | undefined>;
}

/** Reads every missing layer of an image in one pass. */
interface PassStrategy extends Strategy {
  readonly scope: 'image';
  read(pass: StreamPass): Promise<void>;
}

export type ReadStrategy = LayerStrategy | PassStrategy;

const expectations = (r: LayerRead) => ({
  expectDiffID: r.layer.diffID,
  expectDigest: r.layer.digest,
  hashContent: r.hashContent,
});

const sha256Only = (layer: Layer) =>
  layer.diffID.startsWith('sha256:') && (!layer.digest || layer.digest.startsWith('sha256:'));

const pushed: PassStrategy = {
  name: 'pushed',
  scope: 'image',
  fits: (caps) => caps.pushed,
  read: readPass,
};

const seek: LayerStrategy = {
  name: 'seek',
  scope: 'layer',
  // The file scan hashes with sha256 only; other digests are checked on the stream.
  fits: (caps, layer) => caps.seek && layer.file!.size >= THREAD_MIN_BYTES && sha256Only(layer),
  async read(r) {
    const file = r.layer.file!;
    const scan = await scanFile(file, { ...expectations(r), signal: r.signal, onBytes: r.onBytes });
    if (scan) await r.learnBlob({ compression: 'none', size: file.size });
    return scan;
  },
};

const stream: LayerStrategy = {
  name: 'stream',
  scope: 'layer',
  fits: (caps) => caps.stream,
  async read(r) {
    const blob = await r.layer.openBlob(r.signal);
    let facts: BlobFacts | undefined;
    try {
      const scan = await scanBlob(blob, {
        ...expectations(r),
        sizeHint: r.layer.blobSize,
        signal: r.signal,
        onBytes: r.onBytes,
        onBlob: (f) => (facts = f),
      });
      if (facts) await r.learnBlob(facts);
      return scan;
    } finally {
      blob.destroy();
    }
  },
};

/** The scan's strategies, in order of preference. */
export const READ_STRATEGIES: readonly ReadStrategy[] = [pushed, seek, stream];

/** The first of `strategies` that fits the layer. */
export function chooseRead(
  strategies: readonly ReadStrategy[],
  caps: LayerCapabilities,
  layer: Layer,
): ReadStrategy | undefined {
  return strategies.find((s) => s.fits(caps, layer));
}

/** Reads one layer by the first of the one-layer `strategies` that fits it and does not decline. */
export async function readLayerBy(
  strategies: readonly ReadStrategy[],
  caps: LayerCapabilities,
  r: LayerRead,
): Promise<LayerScan> {
  for (const s of strategies) {
    if (s.scope !== 'layer' || !s.fits(caps, r.layer)) continue;
    const scan = await s.read(r);
    if (scan) return scan;
  }
  throw new Error(`no read strategy (${strategies.map((s) => s.name).join(', ')}) reads layer ${r.layer.index + 1}`);
}

/** One pass over an image that delivers all its blobs in one stream (an engine export). */
async function readPass(pass: StreamPass): Promise<void> {
  const { image, signal } = pass;
  const wanted = new Set(pass.missing.map((l) => l.diffID));
  const finished = async (scan: LayerScan) => {
    if (wanted.delete(scan.diffID)) await pass.onScan(scan);
  };
  const config = await image.pushBlobs!((blob) => {
    if (blob.digest && !wanted.has(blob.digest) && image.layers.some((l) => l.diffID === blob.digest)) return undefined;
    pass.onRead();
    const sink = scanPushed(blob, { hashContent: pass.hashContent, onBytes: pass.onBytes }, finished);
    return inContext(sink, (err) => withContext(`reading ${blob.name} of ${image.reference}`, abortAware(err, pass)));
  }, signal).catch((err) => {
    throw abortAware(err, pass);
  });
  if (config) await pass.onConfig(config);
  const [first] = wanted;
  if (first) throw inputError(`${image.reference}: the export has no layer with diffID ${first.slice(0, 19)}`);
}

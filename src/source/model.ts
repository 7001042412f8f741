/**
 * The one image model every source produces (after go-containerregistry's v1.Image/v1.Layer).
 * An Image is metadata plus lazy openers: nothing is read until a layer is opened, and each
 * open returns a fresh stream that the caller destroys. Images are values: every field is
 * readonly, and nothing writes into an image after its source returned it (what a scan
 * learns goes into a new Image, ScanSession.describe). What a source can do with a layer's
 * blob is stated by layerCapabilities(); the scan picks its read path by it.
 */
import type { Readable } from 'node:stream';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export type SourceKind = 'docker-archive' | 'oci' | 'oci-archive' | 'docker' | 'registry';

export type Compression = 'gzip' | 'zstd' | 'none';

export interface HistoryEntry {
  created?: string;
  createdBy: string;
  comment?: string;
  /** True for instructions that made no file-system layer (ENV, CMD, …). */
  emptyLayer: boolean;
}

/** A blob stored as a byte range of a local file, uncompressed or not. */
export interface BlobFile {
  readonly path: string;
  readonly offset: number;
  readonly size: number;
}

export interface Layer {
  /** 0-based position in rootfs.diff_ids. */
  readonly index: number;
  /** sha256 of the uncompressed layer tar, from the config's rootfs.diff_ids. */
  readonly diffID: string;
  /** Digest of the blob as the source stores it (compressed or not), when known. */
  readonly digest?: string;
  /** Size of the blob as the source stores it, when known (capability `compressedSize`). */
  readonly blobSize?: number;
  /** Media type from the manifest; a hint only — compression is sniffed from the bytes. */
  readonly mediaType?: string;
  /**
   * The blob's compression as sniffed from its bytes. Sources leave it out; the image a scan
   * describes (ScanSession.describe) carries it, with blobSize, for every layer whose blob
   * the source can name or open.
   */
  readonly compression?: Compression;
  /** Uncompressed size known from metadata alone (engine history), before any scan. */
  readonly declaredSize?: number;
  /** Where the blob lies in a local file, when the source keeps it in one (capability `seek`). */
  readonly file?: BlobFile;
  /** Opens the blob as stored (capability `stream`). A fresh stream per call; the caller destroys it. */
  readonly openBlob: (signal?: AbortSignal) => Promise<Readable>;
}

export interface Image {
  /** The reference as the user wrote it. */
  readonly reference: string;
  readonly source: SourceKind;
  /** Image ID: the digest of the config blob. */
  readonly id: string;
  /** Digest of the manifest, where the source has one. */
  readonly manifestDigest?: string;
  readonly repoTags: readonly string[];
  readonly platform: Platform;
  readonly created?: string;
  readonly history: readonly HistoryEntry[];
  readonly layers: readonly Layer[];
  /**
   * For sources whose content arrives as one stream (an engine export): reads it once and
   * offers every layer blob to `onBlob`, in stream order, as it arrives (capability `pushed`:
   * the scan then reads all layers in one pass, not one by one). Resolves once the stream has
   * ended and every sink's end() has settled, with the image config the stream carried
   * (checked against the image ID), if it carried one. Never writes into the image.
   */
  readonly pushBlobs?: (
    onBlob: (blob: PushedBlob) => BlobSink | undefined,
    signal?: AbortSignal,
  ) => Promise<StreamedConfig | undefined>;
  /** Releases file handles and connections. */
  readonly close: () => Promise<void>;
}

/** What an image config read from a stream says beyond the source's metadata. */
export interface StreamedConfig {
  created?: string;
  history: HistoryEntry[];
}

export interface PushedBlob {
  /** The name of the blob inside the stream, for messages. */
  name: string;
  /** The blob's digest when its name gives it (blobs/sha256/<hex>). */
  digest?: string;
  /** The blob's size in bytes, from the stream's member header. */
  size: number;
  /**
   * The diffID of a plain tar blob when the source vouches for it (the engine verifies each
   * layer against its diffID as it writes an export); the scan then does not hash the tar.
   * It may settle only later in the stream, and rejects when the stream never says.
   */
  diffID?: Promise<string>;
}

/**
 * Receives one pushed blob's bytes. The source reads into a buffer it reuses, so a chunk is
 * only valid until the next read: write() returns a promise when the sink still needs the
 * chunk (back-pressure), and the source reads nothing more until every such promise has
 * settled. Writes may continue meanwhile from bytes already read; the sink keeps their order.
 */
export interface BlobSink {
  write(chunk: Buffer): Promise<void> | undefined;
  /** The blob's last byte has been written; rejects when its scan fails. */
  end(): Promise<void>;
  /** The stream failed before the blob ended: release what the sink holds. */
  abort(): void;
}

/**
 * What a source offers for reading one layer's blob, stated by the model so the scan picks a
 * read path by capability (scan/read-strategies.ts) instead of probing the source. Derived
 * from the fields sources set, so a source states a capability by setting its field:
 *   stream          openBlob, a fresh stream of the blob as stored: every layer of every source
 *   seek            Layer.file: the blob is a byte range of a local file, readable at any offset
 *   compressedSize  Layer.blobSize: the blob's size as stored (compressed or not) is known up front
 *   pushed          Image.pushBlobs: the image delivers all its blobs in one stream (an engine export)
 */
export interface LayerCapabilities {
  readonly stream: true;
  readonly seek: boolean;
  readonly compressedSize: boolean;
  readonly pushed: boolean;
}

export function layerCapabilities(image: Image, layer: Layer): LayerCapabilities {
  return {
    stream: true,
    seek: layer.file !== undefined,
    compressedSize: layer.blobSize !== undefined,
    pushed: image.pushBlobs !== undefined,
  };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

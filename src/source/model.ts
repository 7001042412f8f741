/**
 * The one image model every source produces (after go-containerregistry's v1.Image/v1.Layer).
 * An Image is metadata plus lazy openers: nothing is read until a layer is opened, and each
 * open returns a fresh stream that the caller destroys.
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
  path: string;
  offset: number;
  size: number;
}

export interface Layer {
  /** 0-based position in rootfs.diff_ids. */
  index: number;
  /** sha256 of the uncompressed layer tar, from the config's rootfs.diff_ids. */
  diffID: string;
  /** Digest of the blob as the source stores it (compressed or not), when known. */
  digest?: string;
  /** Size of the blob as the source stores it, when known. */
  blobSize?: number;
  /** Media type from the manifest; a hint only — compression is sniffed from the bytes. */
  mediaType?: string;
  /**
   * The blob's compression as sniffed from its bytes. Sources leave it out; the image a scan
   * describes (ScanSession.describe) carries it, with blobSize, for every layer whose blob
   * the source can name or open.
   */
  compression?: Compression;
  /** Uncompressed size known from metadata alone (engine history), before any scan. */
  declaredSize?: number;
  /** Where the blob lies in a local file, when the source keeps it in one (the scan can then seek). */
  file?: BlobFile;
  /** Opens the blob as stored. A fresh stream per call; the caller destroys it. */
  openBlob(signal?: AbortSignal): Promise<Readable>;
}

export interface Image {
  /** The reference as the user wrote it. */
  reference: string;
  source: SourceKind;
  /** Image ID: the digest of the config blob. */
  id: string;
  /** Digest of the manifest, where the source has one. */
  manifestDigest?: string;
  repoTags: string[];
  platform: Platform;
  created?: string;
  history: HistoryEntry[];
  layers: Layer[];
  /**
   * For sources whose content arrives as one stream (an engine export): reads it once and
   * offers every layer blob to `onBlob`, in stream order, as it arrives. The scan prefers
   * this over opening layers one by one when it is present. Resolves once the stream has
   * ended and every sink's end() has settled, with the image config the stream carried
   * (checked against the image ID), if it carried one. Never writes into the image.
   */
  pushBlobs?(
    onBlob: (blob: PushedBlob) => BlobSink | undefined,
    signal?: AbortSignal,
  ): Promise<StreamedConfig | undefined>;
  /** Releases file handles and connections. */
  close(): Promise<void>;
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

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

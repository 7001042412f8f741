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
   * For sources whose content arrives as one stream (an engine export): yields every layer
   * blob in stream order, identified by the digest of the blob as named in the stream.
   * The scan prefers this over opening layers one by one when it is present.
   */
  streamBlobs?(signal?: AbortSignal): AsyncIterable<StreamedBlob>;
  /** Releases file handles and connections. */
  close(): Promise<void>;
}

export interface StreamedBlob {
  /** The name of the blob inside the stream, for messages. */
  name: string;
  /** The blob's digest when its name gives it (blobs/sha256/<hex>). */
  digest?: string;
  /** The blob's size in bytes, from the stream's member header. */
  size?: number;
  stream: Readable;
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

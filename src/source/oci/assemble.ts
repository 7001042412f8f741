/** Builds the Image model from a parsed config and the blobs a source can open. */
import type { Readable } from 'node:stream';
import { inputError } from '../../errors.js';
import type { ImageConfig } from './image-config.js';
import type { BlobFile, Image, Layer, SourceKind } from '../model.js';

export interface LayerBlob {
  digest?: string;
  blobSize?: number;
  mediaType?: string;
  declaredSize?: number;
  file?: BlobFile;
  open(signal?: AbortSignal): Promise<Readable>;
}

export interface AssembleArgs {
  reference: string;
  source: SourceKind;
  label: string;
  config: ImageConfig;
  manifestDigest?: string;
  repoTags: string[];
  blobs: LayerBlob[];
  close(): Promise<void>;
}

export function assembleImage(a: AssembleArgs): Image {
  if (a.blobs.length !== a.config.diffIDs.length) {
    throw inputError(
      `${a.label}: the manifest lists ${a.blobs.length} layers but the config has ${a.config.diffIDs.length} diff_ids`,
    );
  }
  const layers: Layer[] = a.blobs.map((b, index) => ({
    index,
    diffID: a.config.diffIDs[index],
    digest: b.digest,
    blobSize: b.blobSize,
    mediaType: b.mediaType,
    declaredSize: b.declaredSize,
    file: b.file,
    openBlob: (signal?: AbortSignal) => b.open(signal),
  }));
  return {
    reference: a.reference,
    source: a.source,
    id: a.config.id,
    manifestDigest: a.manifestDigest,
    repoTags: a.repoTags,
    platform: a.config.platform,
    created: a.config.created,
    history: a.config.history,
    layers,
    close: a.close,
  };
}

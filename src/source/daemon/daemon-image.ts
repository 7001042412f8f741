/**
 * The Docker Engine source (podman's Docker-compatible socket alike; engine-client.ts says
 * which requests go through dockerode). Opening an image reads metadata only — inspect,
 * history, and the layer counts of intermediate images — so a missing image fails at once
 * and `--quick` never touches layer bytes. Content comes from one export stream
 * (GET /images/{id}/get) read as it arrives, via Image.pushBlobs, which also hands the scan
 * the image config found in the export (the history the engine's API can only guess).
 */
import type Docker from 'dockerode';
import { LayerscopeError, usageError } from '../../errors.js';
import type { Deadlines } from '../deadlines.js';
import { parseImageConfig } from '../oci/image-config.js';
import {
  formatPlatform,
  type BlobSink,
  type Image,
  type Layer,
  type Platform,
  type PushedBlob,
  type StreamedConfig,
} from '../model.js';
import { resolveConnection, type EngineConnection } from './connection.js';
import { EngineClient } from './engine-client.js';
import { engineError, exportInterrupted, imageNotFound, isNotFound, neitherFileNorImage } from './errors.js';
import { openEngineLayer } from './engine-layer-blob.js';
import { ExportReader } from './export-reader.js';
import { anchorIds, mapHistory, type EngineHistoryItem } from './history.js';
import { pullImage, type PullProgress } from './pull.js';

export interface DaemonOpenOptions {
  platform?: Platform;
  /** Pull the image first (only when the user asked: layerscope never pulls on its own). */
  pull?: boolean;
  onPullProgress?: (p: PullProgress) => void;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  deadlines?: Deadlines;
  /** The name was given bare (no docker:), so it could have been a file: a miss says both. */
  bare?: boolean;
}

const IMAGE_ID = /^(sha256:)?[a-f0-9]{12,64}$/;

export async function openDaemonImage(name: string, reference: string, opts: DaemonOpenOptions = {}): Promise<Image> {
  const conn = resolveConnection(opts.env ?? process.env);
  const client = new EngineClient(conn, opts.deadlines);
  if (opts.pull) {
    if (/^sha256:|^[a-f0-9]{64}$/.test(name))
      throw usageError(
        `${reference}: --pull needs a name[:tag] or name@digest, not an image ID`,
        'drop --pull: an image ID names an image the engine already has',
      );
    await pullImage(await client.docker(), conn, name, {
      platform: opts.platform,
      signal: opts.signal,
      deadlines: client.deadlines,
      onProgress: opts.onPullProgress,
    });
  }
  const info = await request(client, name, `inspecting ${name}`, () =>
    client.getJson<Docker.ImageInspectInfo>(`/images/${name}/json`),
  ).catch((err) => {
    throw opts.bare ? neitherFileNorImage(err, name, conn) : err;
  });
  const platform = platformOf(info, opts.platform, name, reference);
  const diffIDs: string[] = Array.isArray(info.RootFS?.Layers) ? info.RootFS.Layers : [];
  const items = await request(client, name, `reading the history of ${name}`, () =>
    client.getJson<EngineHistoryItem[]>(`/images/${info.Id}/history`),
  );
  const mapped = mapHistory(items, diffIDs.length, await anchorCounts(client, items, info.Id));
  const image: Image = {
    reference,
    source: 'docker',
    id: info.Id,
    manifestDigest: repoDigest(info.RepoDigests),
    repoTags: (info.RepoTags ?? []).filter((t: string) => t !== '<none>:<none>'),
    platform,
    created: typeof info.Created === 'string' ? info.Created : undefined,
    history: mapped.entries,
    layers: diffIDs.map((diffID, index) =>
      engineLayer(diffID, index, mapped.layerSizes[index], reference, () => image),
    ),
    pushBlobs: (onBlob, signal) => pushExport(client, image, name, onBlob, signal),
    close: async () => {},
  };
  return image;
}

/** A layer known from metadata; its bytes come through the image's export stream (engine-layer-blob.ts). */
function engineLayer(
  diffID: string,
  index: number,
  declaredSize: number | undefined,
  reference: string,
  image: () => Image,
): Layer {
  return {
    index,
    diffID,
    declaredSize,
    openBlob: (signal) => openEngineLayer(image().pushBlobs!, diffID, `${reference}: layer ${index + 1}`, signal),
  };
}

/** A request about image `name`; its failure as users see it (a 404 says the image is missing). */
async function request<T>(client: EngineClient, name: string, doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw requestError(err, client.conn, name, doing);
  }
}

function requestError(err: unknown, conn: EngineConnection, name: string, doing: string): LayerscopeError {
  return isNotFound(err) ? imageNotFound(name, IMAGE_ID.test(name), conn) : engineError(err, conn, doing);
}

/** Layer counts of the intermediate images the history names (kept by the classic builder). */
async function anchorCounts(
  client: EngineClient,
  items: EngineHistoryItem[],
  imageId: string,
): Promise<Map<number, number>> {
  const anchors = new Map<number, number>();
  await Promise.all(
    [...anchorIds(items, imageId)].map(async ([id, index]) => {
      const parent = await client.getJson<Docker.ImageInspectInfo>(`/images/${id}/json`).catch(() => undefined);
      const count = parent?.RootFS?.Layers?.length;
      if (typeof count === 'number') anchors.set(index, count);
    }),
  );
  return anchors;
}

/** The image's platform; the engine holds one per name, so --platform can only confirm it. */
function platformOf(
  info: Docker.ImageInspectInfo,
  wanted: Platform | undefined,
  name: string,
  reference: string,
): Platform {
  const platform: Platform = { os: info.Os || 'unknown', architecture: info.Architecture || 'unknown' };
  const variant = (info as { Variant?: string }).Variant;
  if (variant) platform.variant = variant;
  if (wanted && formatPlatform(wanted) !== formatPlatform(platform)) {
    throw new LayerscopeError(
      'platform',
      `${reference}: the engine's image is ${formatPlatform(platform)}, not ${formatPlatform(wanted)}`,
      {
        hint: `pull that platform: docker pull --platform ${formatPlatform(wanted)} ${name}   (or run again with --pull)`,
      },
    );
  }
  return platform;
}

function repoDigest(digests: string[] | undefined): string | undefined {
  const found = (digests ?? []).map((d) => d.slice(d.indexOf('@') + 1)).filter((d) => d.startsWith('sha256:'));
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The export, read once as it arrives. Resolves with the config the export carries (the one
 * with the image's diffIDs): its history replaces the one guessed from metadata in what
 * the scan describes. The image itself is never written.
 */
async function pushExport(
  client: EngineClient,
  image: Image,
  name: string,
  onBlob: (blob: PushedBlob) => BlobSink | undefined,
  signal?: AbortSignal,
): Promise<StreamedConfig | undefined> {
  let streamed: StreamedConfig | undefined;
  const diffIDs = image.layers.map((l) => l.diffID);
  const expected = diffIDs.join(',');
  const reader = new ExportReader({
    onBlob,
    diffIDs,
    onJson: (_member, bytes) => {
      const config = tryConfig(bytes);
      if (config && config.diffIDs.join(',') === expected)
        streamed = { created: config.created, history: config.history };
    },
  });
  let answered = false;
  try {
    await client.getBody(
      `/images/${image.id}/get`,
      { onResponse: () => (answered = true), write: (chunk) => reader.write(chunk) },
      signal,
    );
    await reader.end();
    return streamed;
  } catch (err) {
    reader.abort();
    if (signal?.aborted) throw new LayerscopeError('aborted', 'interrupted');
    if (err instanceof LayerscopeError) throw err;
    if (!answered) throw requestError(err, client.conn, name, `exporting ${name}`);
    throw exportInterrupted(name, err);
  }
}

function tryConfig(bytes: Buffer) {
  try {
    return parseImageConfig(bytes, 'export');
  } catch {
    return undefined;
  }
}

/**
 * The Docker Engine source (dockerode; podman's Docker-compatible socket alike). Opening an
 * image reads metadata only — inspect, history, and the layer counts of intermediate images
 * — so a missing image fails at once and `--quick` never touches layer bytes. Content comes
 * from one export stream (GET /images/{id}/get) read as it arrives, via Image.streamBlobs.
 */
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import { describeCause, LayerscopeError, usageError } from '../../errors.js';
import { parseImageConfig } from '../image-config.js';
import { formatPlatform, type Image, type Layer, type Platform, type StreamedBlob } from '../model.js';
import { resolveConnection, type EngineConnection } from './connection.js';
import { engineError, exportInterrupted, imageNotFound, isNotFound } from './errors.js';
import { directExport, requestExport } from './export-request.js';
import { exportBlobs } from './export-stream.js';
import { anchorIds, mapHistory, type EngineHistoryItem } from './history.js';
import { pullImage, type PullProgress } from './pull.js';

export interface DaemonOpenOptions {
  platform?: Platform;
  /** Pull the image first (only when the user asked: layerscope never pulls on its own). */
  pull?: boolean;
  onPullProgress?: (p: PullProgress) => void;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

const IMAGE_ID = /^(sha256:)?[a-f0-9]{12,64}$/;

export async function openDaemonImage(name: string, reference: string, opts: DaemonOpenOptions = {}): Promise<Image> {
  const conn = resolveConnection(opts.env ?? process.env);
  const docker = createClient(conn);
  if (opts.pull) {
    if (/^sha256:|^[a-f0-9]{64}$/.test(name)) throw usageError(`${reference}: --pull needs a name[:tag] or name@digest, not an image ID`, 'drop --pull: an image ID names an image the engine already has');
    await pullImage(docker, conn, name, { platform: opts.platform, signal: opts.signal, onProgress: opts.onPullProgress });
  }
  const missing = () => imageNotFound(name, IMAGE_ID.test(name), conn);
  const info = await request(conn, `inspecting ${name}`, () => docker.getImage(name).inspect(), missing);
  const platform = platformOf(info, opts.platform, name, reference);
  const diffIDs: string[] = Array.isArray(info.RootFS?.Layers) ? info.RootFS.Layers : [];
  const items = await request(conn, `reading the history of ${name}`, () => docker.getImage(info.Id).history() as Promise<EngineHistoryItem[]>, missing);
  const mapped = mapHistory(items, diffIDs.length, await anchorCounts(docker, items, info.Id));
  const image: Image = {
    reference,
    source: 'docker',
    id: info.Id,
    manifestDigest: repoDigest(info.RepoDigests),
    repoTags: (info.RepoTags ?? []).filter((t: string) => t !== '<none>:<none>'),
    platform,
    created: typeof info.Created === 'string' ? info.Created : undefined,
    history: mapped.entries,
    layers: diffIDs.map((diffID, index) => engineLayer(diffID, index, mapped.layerSizes[index], reference)),
    streamBlobs: (signal?: AbortSignal) => streamExport(docker, conn, image, name, signal),
    close: async () => {},
  };
  return image;
}

/** A layer known from metadata; its bytes come only through the image's export stream. */
function engineLayer(diffID: string, index: number, declaredSize: number | undefined, reference: string): Layer {
  return {
    index,
    diffID,
    declaredSize,
    openBlob: async () => {
      throw new LayerscopeError('engine', `${reference}: layer ${index + 1} can only be read from the engine's export stream`);
    },
  };
}

function createClient(conn: EngineConnection): Docker {
  try {
    return new Docker(conn.options);
  } catch (err) {
    throw new LayerscopeError('config', `cannot set up the connection to the Docker Engine (${conn.origin}): ${describeCause(err)}`, {
      hint: 'check DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH',
    });
  }
}

async function request<T>(conn: EngineConnection, doing: string, call: () => Promise<T>, onMissing: () => LayerscopeError): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw isNotFound(err) ? onMissing() : engineError(err, conn, doing);
  }
}

/** Layer counts of the intermediate images the history names (kept by the classic builder). */
async function anchorCounts(docker: Docker, items: EngineHistoryItem[], imageId: string): Promise<Map<number, number>> {
  const anchors = new Map<number, number>();
  await Promise.all(
    [...anchorIds(items, imageId)].map(async ([id, index]) => {
      const parent = await docker.getImage(id).inspect().catch(() => undefined);
      const count = parent?.RootFS?.Layers?.length;
      if (typeof count === 'number') anchors.set(index, count);
    }),
  );
  return anchors;
}

/** The image's platform; the engine holds one per name, so --platform can only confirm it. */
function platformOf(info: Docker.ImageInspectInfo, wanted: Platform | undefined, name: string, reference: string): Platform {
  const platform: Platform = { os: info.Os || 'unknown', architecture: info.Architecture || 'unknown' };
  const variant = (info as { Variant?: string }).Variant;
  if (variant) platform.variant = variant;
  if (wanted && formatPlatform(wanted) !== formatPlatform(platform)) {
    throw new LayerscopeError('platform', `${reference}: the engine's image is ${formatPlatform(platform)}, not ${formatPlatform(wanted)}`, {
      hint: `pull that platform: docker pull --platform ${formatPlatform(wanted)} ${name}   (or run again with --pull)`,
    });
  }
  return platform;
}

function repoDigest(digests: string[] | undefined): string | undefined {
  const found = (digests ?? []).map((d) => d.slice(d.indexOf('@') + 1)).filter((d) => d.startsWith('sha256:'));
  return found.length === 1 ? found[0] : undefined;
}

/** The export, read once; the config inside it replaces the history guessed from metadata. */
async function* streamExport(docker: Docker, conn: EngineConnection, image: Image, name: string, signal?: AbortSignal): AsyncGenerator<StreamedBlob> {
  const response = await request(conn, `exporting ${name}`, () => openExport(docker, conn, image.id, signal), () => imageNotFound(name, IMAGE_ID.test(name), conn));
  const onAbort = () => response.destroy(new LayerscopeError('aborted', 'interrupted'));
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const expected = image.layers.map((l) => l.diffID).join(',');
  try {
    yield* exportBlobs(response, {
      mapError: (err) => (err instanceof LayerscopeError ? err : exportInterrupted(name, err)),
      onJson: (_member, bytes) => {
        const config = tryConfig(bytes);
        if (config && config.diffIDs.join(',') === expected) {
          image.history = config.history;
          if (!image.created && config.created) image.created = config.created;
        }
      },
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    response.destroy();
  }
}

/** GET /images/{id}/get, cancellable while the engine prepares the export (before any byte). */
function openExport(docker: Docker, conn: EngineConnection, id: string, signal?: AbortSignal): Promise<Readable> {
  if (directExport(conn)) return requestExport(conn, `/images/${id}/get`, signal);
  return new Promise((resolve, reject) => {
    const options = { path: `/images/${id}/get`, method: 'GET', isStream: true, abortSignal: signal, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } };
    docker.modem.dial(options, (err: unknown, stream: unknown) => (err ? reject(err) : resolve(stream as Readable)));
  });
}

function tryConfig(bytes: Buffer) {
  try {
    return parseImageConfig(bytes, 'export');
  } catch {
    return undefined;
  }
}

/**
 * `--pull`: asks the engine to pull an image (POST /images/create) and follows its progress
 * messages, reporting them as numbers; rendering them is the CLI's business. Only ever runs
 * when the user asked for it: layerscope never pulls on its own.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { DEFAULT_DEADLINES, type Deadlines } from '../deadlines.js';
import { answerWithin, idleWatch } from './dockerode-deadlines.js';
import { LayerscopeError } from '../../errors.js';
import { formatPlatform, type Platform } from '../model.js';
import type { EngineConnection } from './connection.js';
import { engineError, engineMessage } from './errors.js';

export interface PullProgress {
  name: string;
  layersDone: number;
  layersTotal: number;
  bytesDone: number;
  /** Sum of the sizes the registry announced so far (grows while layers start). */
  bytesTotal: number;
}

export interface PullOptions {
  platform?: Platform;
  /** The engine must answer the pull within the answer deadline and send progress within the idle one. */
  deadlines?: Deadlines;
  signal?: AbortSignal;
  onProgress?: (p: PullProgress) => void;
}

interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

export async function pullImage(
  docker: Docker,
  conn: EngineConnection,
  name: string,
  opts: PullOptions = {},
): Promise<void> {
  const deadlines = opts.deadlines ?? DEFAULT_DEADLINES;
  const request = `POST /images/create (pulling ${name})`;
  let stream: Readable;
  try {
    stream = (await answerWithin(conn, deadlines, request, opts.signal, (abortSignal) =>
      docker.pull(name, { abortSignal, ...(opts.platform ? { platform: formatPlatform(opts.platform) } : {}) }),
    )) as Readable;
  } catch (err) {
    throw pullError(err, conn, name);
  }
  const tracker = progressTracker(name, opts.onProgress);
  const idle = idleWatch(stream, conn, deadlines, request);
  try {
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err) => (err ? reject(pullError(err, conn, name)) : resolve()),
        (event: PullEvent) => tracker(event),
      );
    });
  } finally {
    idle.stop();
  }
}

function pullError(err: unknown, conn: EngineConnection, name: string): LayerscopeError {
  const e = err as { statusCode?: number; json?: unknown; message?: string; code?: string };
  if (e?.code || err instanceof LayerscopeError) return engineError(err, conn, `pulling ${name}`);
  const message = e?.statusCode ? engineMessage(e) : (e?.message ?? String(err));
  return new LayerscopeError('engine', `pulling ${name} failed: ${message.replace(/\s+/g, ' ').trim()}`, {
    hint: `check the name and that the engine can reach the registry (docker pull ${name} does the same)`,
    cause: err,
  });
}

/** Folds the engine's per-layer messages into totals. */
function progressTracker(name: string, onProgress?: (p: PullProgress) => void): (e: PullEvent) => void {
  const layers = new Map<string, { current: number; total: number; done: boolean }>();
  return (event) => {
    if (!onProgress || !event.id || !event.status || /^Pulling from /.test(event.status)) return;
    const layer = layers.get(event.id) ?? { current: 0, total: 0, done: false };
    layers.set(event.id, layer);
    if (event.status === 'Downloading' && event.progressDetail) {
      layer.current = event.progressDetail.current ?? layer.current;
      layer.total = event.progressDetail.total ?? layer.total;
    }
    if (/^(Download complete|Pull complete|Already exists)$/.test(event.status)) {
      layer.current = layer.total;
      layer.done = event.status !== 'Download complete' || layer.done;
    }
    const all = [...layers.values()];
    onProgress({
      name,
      layersDone: all.filter((l) => l.done).length,
      layersTotal: all.length,
      bytesDone: all.reduce((a, l) => a + l.current, 0),
      bytesTotal: all.reduce((a, l) => a + l.total, 0),
    });
  };
}

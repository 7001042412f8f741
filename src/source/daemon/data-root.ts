/**
 * Where the engine keeps its images: `docker info`'s DockerRootDir and storage driver. For
 * `footprint --host`, which reads the free space of that file system; only meaningful when
 * the engine runs on this machine (a local socket).
 */
import { LayerscopeError } from '../../errors.js';
import { resolveConnection } from './connection.js';
import { EngineClient } from './engine-client.js';
import { engineError } from './errors.js';

export interface EngineStorage {
  /** DockerRootDir, e.g. /var/lib/docker. */
  dataRoot: string;
  /** Storage driver: overlay2, vfs, overlayfs (containerd snapshotter), … */
  driver: string;
  /** True when images live in containerd's image store (driver-type io.containerd.snapshotter.v1). */
  containerdStore: boolean;
  /** The engine's address, for messages. */
  host: string;
}

export async function engineStorage(env: NodeJS.ProcessEnv = process.env): Promise<EngineStorage> {
  const conn = resolveConnection(env);
  if (!conn.host.startsWith('unix://')) {
    throw new LayerscopeError(
      'usage',
      `--host without a path asks the engine for its data root, but the engine at ${conn.host} is not on this machine`,
      {
        hint: "run layerscope on the engine's host, or give the path: --host=/var/lib/docker",
      },
    );
  }
  let info: { DockerRootDir?: unknown; Driver?: unknown; DriverStatus?: unknown };
  try {
    info = await new EngineClient(conn).getJson('/info');
  } catch (err) {
    throw engineError(err, conn, 'asking the engine for its data root (docker info)');
  }
  if (typeof info.DockerRootDir !== 'string' || info.DockerRootDir === '') {
    throw new LayerscopeError(
      'engine',
      `the engine at ${conn.host} did not say where its data root is (docker info has no DockerRootDir)`,
      {
        hint: 'give the path: --host=/var/lib/docker',
      },
    );
  }
  const status = Array.isArray(info.DriverStatus) ? (info.DriverStatus as unknown[][]) : [];
  const containerdStore = status.some(
    (row) => row[0] === 'driver-type' && String(row[1]).includes('containerd.snapshotter'),
  );
  return { dataRoot: info.DockerRootDir, driver: String(info.Driver ?? 'unknown'), containerdStore, host: conn.host };
}

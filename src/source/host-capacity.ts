/**
 * Free space of the file system holding a path, from statfs(2): the only host reading
 * `footprint --host` does. Bytes available are f_bavail × f_bsize — what an unprivileged
 * process may still write; the engine runs as root and could also use the reserved blocks,
 * but those are kept so root can repair a full disk. Inodes free are f_ffree (none counted
 * where f_files is 0: btrfs allocates inodes as it goes).
 */
import { statfs } from 'node:fs/promises';
import { describeCause, inputError, LayerscopeError } from '../errors.js';

/** What statfs says about the file system (the CLI reads it; analysis only does arithmetic). */
export interface HostCapacity {
  path: string;
  /** Fundamental block size (f_bsize). */
  blockSize: number;
  /** Bytes available to unprivileged users: f_bavail × f_bsize (root's reserve not counted). */
  freeBytes: number;
  /** Free inodes: f_ffree; null where the file system has no fixed inode table (f_files = 0: btrfs). */
  freeInodes: number | null;
  totalBytes: number;
  totalInodes: number | null;
}

export async function readHostCapacity(path: string): Promise<HostCapacity> {
  let s: Awaited<ReturnType<typeof statfs>>;
  try {
    s = await statfs(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new LayerscopeError('not-found', `--host ${path}: no such directory on this machine`, {
        hint: 'give the Docker data root of this host (docker info --format "{{.DockerRootDir}}"), e.g. --host=/var/lib/docker',
      });
    }
    throw inputError(`--host ${path}: cannot read the file system's free space (statfs: ${describeCause(err)})`);
  }
  return {
    path,
    blockSize: s.bsize,
    freeBytes: s.bavail * s.bsize,
    freeInodes: s.files > 0 ? s.ffree : null,
    totalBytes: s.blocks * s.bsize,
    totalInodes: s.files > 0 ? s.files : null,
  };
}

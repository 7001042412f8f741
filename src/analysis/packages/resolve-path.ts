/**
 * Finding a path a file list names (dpkg .list, apk db, Python RECORD) in the merged file
 * system, through symlinked directories: Debian's file lists still say /lib/… and /bin/…
 * where merged-/usr images keep those files under /usr. Directories are resolved once each
 * (memoised), and only for paths not found as written. Pure.
 */
import { T_SYMLINK, type MergedFs } from '../fs/merge.js';
import { eventRecord } from '../fs/merged-queries.js';

/** Symlinks followed for one directory before giving up (loops, long chains). */
const MAX_HOPS = 16;

/** `path` made absolute and clean: no empty, '.' or '..' components, no trailing slash. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

const join = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
const parentOf = (path: string) => path.slice(0, Math.max(path.lastIndexOf('/'), 1));

export class PathResolver {
  private readonly dirs = new Map<string, string>();

  constructor(private readonly fs: MergedFs) {}

  /**
   * The path id of a normalized absolute path: as written when it is in the final file system,
   * else through symlinked ancestors; as written (or -1) when neither is found.
   */
  idOf(path: string): number {
    const id = this.fs.paths.idOf(path);
    if (id >= 0 && this.fs.live[id] >= 0) return id;
    if (path === '/') return id;
    const dir = parentOf(path);
    const real = this.resolveDir(dir, 0);
    if (real === dir) return id;
    const found = this.fs.paths.idOf(join(real, path.slice(path.lastIndexOf('/') + 1)));
    return found >= 0 ? found : id;
  }

  private resolveDir(dir: string, hops: number): string {
    if (dir === '/') return dir;
    const known = this.dirs.get(dir);
    if (known !== undefined) return known;
    const parent = this.resolveDir(parentOf(dir), hops);
    const here = join(parent, dir.slice(dir.lastIndexOf('/') + 1));
    const target = hops < MAX_HOPS ? this.symlinkTarget(here) : undefined;
    const real =
      target === undefined
        ? here
        : this.resolveDir(normalizePath(target.startsWith('/') ? target : join(parent, target)), hops + 1);
    this.dirs.set(dir, real);
    return real;
  }

  private symlinkTarget(path: string): string | undefined {
    const id = this.fs.paths.idOf(path);
    const e = id < 0 ? -1 : this.fs.live[id];
    if (e < 0 || this.fs.events.type[e] !== T_SYMLINK) return undefined;
    const target = eventRecord(this.fs, e)?.linkTarget;
    return target === undefined || target === '' ? undefined : target;
  }
}

/**
 * One kind of cache entry on disk: files in `<cache dir>/<kind>-v<version>/`, one per key.
 * What the scan cache and the step cache share: reads that touch the file (so prune keeps
 * what is used), atomic writes (temp file + rename), removal of a damaged entry, and
 * `cache info|prune` over the current version and the older ones.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where layerscope keeps its caches: $XDG_CACHE_HOME/layerscope, else ~/.cache/layerscope. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'layerscope');
}

export class EntryStore {
  /** The directory of the current version. */
  readonly dir: string;

  constructor(
    readonly root: string,
    private readonly kind: string,
    version: number,
  ) {
    this.dir = join(root, `${kind}-v${version}`);
  }

  /**
   * The decoded entry `name`, or undefined when it is missing or `decode` refuses it (a
   * refused file is removed, so it is rewritten). A used entry is touched for prune.
   */
  async get<T>(
    name: string,
    decode: (bytes: Buffer) => T | undefined | Promise<T | undefined>,
  ): Promise<T | undefined> {
    const path = join(this.dir, name);
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) return undefined;
    let value: T | undefined;
    try {
      value = await decode(bytes);
    } catch {
      value = undefined;
    }
    if (value === undefined) {
      // Another process may be rewriting it, or the directory may be read-only: either way it is only a miss.
      await rm(path, { force: true }).catch(() => {});
      return undefined;
    }
    const now = new Date();
    await utimes(path, now, now).catch(() => {});
    return value;
  }

  /** Writes an entry atomically; a failure (read-only home, full disk) only costs the work again later. */
  async put(name: string, bytes: Buffer): Promise<void> {
    const target = join(this.dir, name);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await makeDirs(this.dir);
      await writeFile(temp, bytes);
      await rename(temp, target);
    } catch {
      await rm(temp, { force: true }).catch(() => {});
    }
  }

  async info(): Promise<{ entries: number; bytes: number }> {
    let entries = 0;
    let bytes = 0;
    for (const { path } of await this.files()) {
      entries++;
      bytes += (await stat(path).catch(() => ({ size: 0 }))).size;
    }
    return { entries, bytes };
  }

  /** Removes entries not used (read or written) for `olderThanMs` (all with 0), and entries of older versions. */
  async prune(olderThanMs: number, now: number): Promise<{ removed: number; bytes: number }> {
    let removed = 0;
    let bytes = 0;
    for (const { path, current } of await this.files(true)) {
      const st = await stat(path).catch(() => undefined);
      if (!st) continue;
      if (!current || now - st.mtimeMs >= olderThanMs) {
        await rm(path, { force: true, recursive: true });
        removed++;
        bytes += st.size;
      }
    }
    return { removed, bytes };
  }

  private async files(includeOld = false): Promise<Array<{ path: string; current: boolean }>> {
    const out: Array<{ path: string; current: boolean }> = [];
    const dirs = await readdir(this.root).catch(() => [] as string[]);
    for (const d of dirs.filter((name) => name.startsWith(`${this.kind}-v`))) {
      const current = join(this.root, d) === this.dir;
      if (!current && !includeOld) continue;
      for (const name of await readdir(join(this.root, d)).catch(() => [] as string[])) {
        out.push({ path: join(this.root, d, name), current });
      }
    }
    return out;
  }
}

/**
 * mkdir -p, one level at a time, each tried once. Node's own recursive mkdir never returns
 * where a parent exists but refuses children with ENOENT (/proc/self/…): it retries forever.
 */
async function makeDirs(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw err;
    await makeDirs(dirname(dir));
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again;
    });
  }
}

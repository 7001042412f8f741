/**
 * The scan cache: a layer's scan is a pure function of its diffID, so it is kept on disk
 * under $XDG_CACHE_HOME/layerscope (or ~/.cache/layerscope), one file per diffID and scan
 * format version. Writes are atomic (temp file + rename); a corrupt or truncated file is
 * ignored and rewritten.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { decodeScan, encodeScan } from './cache-codec.js';
import { SCAN_FORMAT_VERSION, type LayerScan } from './layer-scan.js';

export interface CacheInfo {
  dir: string;
  entries: number;
  bytes: number;
}

export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'layerscope');
}

export class ScanCache {
  readonly scansDir: string;

  constructor(readonly dir: string) {
    this.scansDir = join(dir, `scans-v${SCAN_FORMAT_VERSION}`);
  }

  private file(diffID: string, hashed: boolean): string {
    return join(this.scansDir, `${diffID.replace(':', '-')}${hashed ? '.hashed' : ''}.json.gz`);
  }

  /** A cached scan of `diffID`; with `hashed`, only one that carries content hashes. */
  async get(diffID: string, hashed: boolean): Promise<LayerScan | undefined> {
    for (const withHashes of hashed ? [true] : [false, true]) {
      const bytes = await readFile(this.file(diffID, withHashes)).catch(() => undefined);
      if (!bytes) continue;
      const scan = decodeScan(bytes, diffID);
      if (scan && scan.hashed === withHashes) {
        const now = new Date();
        await utimes(this.file(diffID, withHashes), now, now).catch(() => {});
        return scan;
      }
      await rm(this.file(diffID, withHashes), { force: true });
    }
    return undefined;
  }

  /** Stores a scan; failures to write (read-only home, full disk) only cost a rescan later. */
  async put(scan: LayerScan): Promise<void> {
    const target = this.file(scan.diffID, scan.hashed);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.scansDir, { recursive: true });
      await writeFile(temp, encodeScan(scan));
      await rename(temp, target);
    } catch {
      await rm(temp, { force: true }).catch(() => {});
    }
  }

  async info(): Promise<CacheInfo> {
    let entries = 0;
    let bytes = 0;
    for (const { path } of await this.files()) {
      entries++;
      bytes += (await stat(path).catch(() => ({ size: 0 }))).size;
    }
    return { dir: this.dir, entries, bytes };
  }

  /** Removes entries not used (read or written) for `olderThanMs` (all with 0), and scans of older formats. */
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
    const dirs = await readdir(this.dir).catch(() => [] as string[]);
    for (const d of dirs.filter((name) => name.startsWith('scans-v'))) {
      const current = join(this.dir, d) === this.scansDir;
      if (!current && !includeOld) continue;
      for (const name of await readdir(join(this.dir, d)).catch(() => [] as string[])) {
        out.push({ path: join(this.dir, d, name), current });
      }
    }
    return out;
  }
}

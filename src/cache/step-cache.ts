/**
 * The step cache: what one comparison step (diff A B, or a step of a series) computes from
 * the layers' entries — the file diff and the churn — with the totals of both images'
 * layers, so a run that meets the step again needs no layer scan at all. Kept next to the
 * scan cache ($XDG_CACHE_HOME/layerscope/steps-v<N>/), one file per step named by the
 * sha256 of its key. The key is everything the content depends on: the format versions, A's
 * and B's diffIDs in order (the scans are pure functions of them), B's layer commands (churn
 * names them and reads install commands), --top and the churn thresholds. Writes are atomic
 * (temp file + rename); a damaged or foreign file is ignored, deleted and rewritten.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHURN_DEFAULTS } from '../analysis/churn.js';
import type { CompareOptions } from '../analysis/compare-report.js';
import { layerCreatedBy } from '../analysis/image-side.js';
import { SCAN_FORMAT_VERSION } from '../scan/layer-scan.js';
import { defaultCacheDir } from '../scan/scan-cache.js';
import type { Image } from '../source/model.js';
import { decodeStep, encodeStep, STEP_FORMAT_VERSION, type CachedStep } from './step-codec.js';

export interface StepKey {
  /** sha256 (hex) of the key's JSON; names the file and is checked inside it. */
  id: string;
  layersA: number;
  layersB: number;
}

export function stepKey(a: Image, b: Image, opts: CompareOptions): StepKey {
  const material = {
    stepFormat: STEP_FORMAT_VERSION,
    scanFormat: SCAN_FORMAT_VERSION,
    a: a.layers.map((l) => l.diffID),
    b: b.layers.map((l) => l.diffID),
    commandsB: layerCreatedBy(b),
    top: opts.top,
    churn: { ...CHURN_DEFAULTS, ...opts.churn },
  };
  const id = createHash('sha256').update(JSON.stringify(material)).digest('hex');
  return { id, layersA: a.layers.length, layersB: b.layers.length };
}

/** The step cache a command uses; undefined with --no-cache. */
export function createStepCache(globals: { cache?: boolean }, env: NodeJS.ProcessEnv): StepCache | undefined {
  return globals.cache === false ? undefined : new StepCache(defaultCacheDir(env));
}

export class StepCache {
  readonly stepsDir: string;

  constructor(readonly dir: string) {
    this.stepsDir = join(dir, `steps-v${STEP_FORMAT_VERSION}`);
  }

  private file(key: StepKey): string {
    return join(this.stepsDir, `${key.id}.json.gz`);
  }

  async get(key: StepKey): Promise<CachedStep | undefined> {
    const path = this.file(key);
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) return undefined;
    const step = decodeStep(bytes, key.id, key.layersA, key.layersB);
    if (!step) {
      await rm(path, { force: true });
      return undefined;
    }
    const now = new Date();
    await utimes(path, now, now).catch(() => {});
    return step;
  }

  /** Stores a step; failures to write (read-only home, full disk) only cost a recomputation later. */
  async put(key: StepKey, step: CachedStep): Promise<void> {
    const target = this.file(key);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.stepsDir, { recursive: true });
      await writeFile(temp, encodeStep(key.id, step));
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

  /** Removes steps not used (read or written) for `olderThanMs` (all with 0), and steps of older formats. */
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
    for (const d of dirs.filter((name) => name.startsWith('steps-v'))) {
      const current = join(this.dir, d) === this.stepsDir;
      if (!current && !includeOld) continue;
      for (const name of await readdir(join(this.dir, d)).catch(() => [] as string[])) {
        out.push({ path: join(this.dir, d, name), current });
      }
    }
    return out;
  }
}

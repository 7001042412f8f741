/**
 * The step cache: what one comparison step (diff A B, or a step of a series) computes from
 * the layers' entries — the file diff and the churn — with the totals of both images'
 * layers, so a run that meets the step again needs no layer scan at all. Kept next to the
 * scan cache ($XDG_CACHE_HOME/layerscope/steps-v<N>/), one file per step named by the
 * sha256 of its key: the format versions and the material the caller names (compare-steps.ts:
 * everything the step's content depends on). Writes are atomic
 * (temp file + rename); a damaged or foreign file is ignored, deleted and rewritten.
 */
import { createHash } from 'node:crypto';
import { SCAN_FORMAT_VERSION } from '../../scan/layer-scan.js';
import { defaultCacheDir, EntryStore } from '../../scan/cache/entry-store.js';
import { decodeStep, encodeStep, STEP_FORMAT_VERSION, type CachedStep } from './step-codec.js';

export interface StepKey {
  /** sha256 (hex) of the key's JSON; names the file and is checked inside it. */
  id: string;
  layersA: number;
  layersB: number;
}

/** The key of a step whose content depends on `material` (everything the step's result is a function of). */
export function stepKey(material: object, layersA: number, layersB: number): StepKey {
  const id = createHash('sha256')
    .update(JSON.stringify({ stepFormat: STEP_FORMAT_VERSION, scanFormat: SCAN_FORMAT_VERSION, ...material }))
    .digest('hex');
  return { id, layersA, layersB };
}

/** The step cache a command uses; undefined with --no-cache. */
export function createStepCache(globals: { cache?: boolean }, env: NodeJS.ProcessEnv): StepCache | undefined {
  return globals.cache === false ? undefined : new StepCache(defaultCacheDir(env));
}

export class StepCache {
  private readonly store: EntryStore;

  constructor(readonly dir: string) {
    this.store = new EntryStore(dir, 'steps', STEP_FORMAT_VERSION);
  }

  get(key: StepKey): Promise<CachedStep | undefined> {
    return this.store.get(`${key.id}.json.gz`, (bytes) => decodeStep(bytes, key.id, key.layersA, key.layersB));
  }

  /** Stores a step; failures to write (read-only home, full disk) only cost a recomputation later. */
  put(key: StepKey, step: CachedStep): Promise<void> {
    return this.store.put(`${key.id}.json.gz`, encodeStep(key.id, step));
  }

  info(): Promise<{ entries: number; bytes: number }> {
    return this.store.info();
  }

  /** Removes steps not used (read or written) for `olderThanMs` (all with 0), and steps of older formats. */
  prune(olderThanMs: number, now: number): Promise<{ removed: number; bytes: number }> {
    return this.store.prune(olderThanMs, now);
  }
}

/**
 * The flags of `footprint`, every problem reported at once before any I/O; and `--host`,
 * resolved to a path (given, or the engine's data root) and its free space.
 */
import { statSync } from 'node:fs';
import { STORE_KINDS, type StoreKind } from '../../analysis/footprint/footprint-store.js';
import { usageError } from '../../errors.js';
import { readHostCapacity, type HostCapacity } from '../../source/host-capacity.js';

export interface FootprintFlagValues {
  keep?: string;
  store?: string;
  blockSize?: string;
  host?: string | boolean;
  /** --json [file]: true or '-' is stdout, a string a file. */
  json?: string | boolean;
  markdown?: boolean;
}

export interface FootprintFlags {
  keep?: number;
  /** undefined: not given (overlay2, or the engine's own store with a bare --host). */
  store?: StoreKind;
  blockSize?: number;
  /** true: the engine's data root; a string: that path; undefined: no --host. */
  host?: true | string;
}

export function parseFootprintFlags(v: FootprintFlagValues): FootprintFlags {
  const problems: string[] = [];
  let keep: number | undefined;
  if (v.keep !== undefined) {
    if (/^[1-9]\d{0,5}$/.test(v.keep)) keep = Number(v.keep);
    else problems.push(`--keep must be a whole number from 1 (got "${v.keep}")`);
  }
  if (v.store !== undefined && !STORE_KINDS.includes(v.store as StoreKind))
    problems.push(`--store must be ${STORE_KINDS.join(' or ')} (got "${v.store}")`);
  let blockSize: number | undefined;
  if (v.blockSize !== undefined) {
    const n = /^\d{3,6}$/.test(v.blockSize) ? Number(v.blockSize) : NaN;
    if (n >= 512 && n <= 65536 && (n & (n - 1)) === 0) blockSize = n;
    else problems.push(`--block-size must be a power of two from 512 to 65536 (got "${v.blockSize}")`);
  }
  if ((v.json === true || v.json === '-') && v.markdown) problems.push('--json and --markdown exclude each other');
  const host = v.host === undefined || v.host === false ? undefined : v.host === true ? true : v.host;
  if (typeof host === 'string') problems.push(...hostPathProblems(host));
  if (problems.length > 0) throw usageError(problems.join('; '), 'see layerscope footprint --help');
  return { keep, store: v.store as StoreKind | undefined, blockSize, host };
}

/** A data root is a directory: a file here is almost always an image swallowed by `--host IMAGE`. */
function hostPathProblems(path: string): string[] {
  try {
    if (!statSync(path).isDirectory())
      return [
        `--host ${path}: not a directory (a word after --host is its path: put --host after the images, or write --host=PATH)`,
      ];
  } catch {
    return [
      `--host ${path}: no such directory (a word after --host is its path: put --host after the images, or write --host=PATH)`,
    ];
  }
  return [];
}

export interface ResolvedHost {
  capacity: HostCapacity;
  /** The engine's own store, when asked (a bare --host). */
  store?: StoreKind;
  /** Said once on stderr, e.g. when the engine's driver is not one the estimate models. */
  warning?: string;
}

export async function resolveHost(host: true | string, env: NodeJS.ProcessEnv): Promise<ResolvedHost> {
  if (typeof host === 'string') return { capacity: await readHostCapacity(host) };
  const { engineStorage } = await import('../../source/daemon/data-root.js');
  const engine = await engineStorage(env);
  const capacity = await readHostCapacity(engine.dataRoot);
  if (engine.containerdStore) return { capacity, store: 'containerd' };
  if (engine.driver === 'overlay2') return { capacity, store: 'overlay2' };
  return {
    capacity,
    warning: `the engine at ${engine.host} uses the ${engine.driver} storage driver; the estimate models overlay2 unless --store says otherwise`,
  };
}

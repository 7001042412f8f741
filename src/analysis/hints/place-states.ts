/**
 * Which known heavy places (node_modules, caches, .git, …) each path lies in, computed once
 * per path id from its parent's answer and its own name. Paths outside every place share
 * state 0, so the cost is one array slot per path plus one small object per place found.
 */
import type { PathTable } from '../fs/path-table.js';

/** The kinds of place a hint names. */
export type HintKind =
  | 'node-modules'
  | 'python-packages'
  | 'pycache'
  | 'apt-lists'
  | 'apt-cache'
  | 'npm-cache'
  | 'pip-cache'
  | 'git'
  | 'source-maps'
  | 'node-modules-tests';

export interface Place {
  kind: HintKind;
  /** Path id of the place's directory. */
  root: number;
  /** Summed over the whole image (each matching directory counted) instead of one hint per place. */
  global: boolean;
}

export interface PlaceState {
  places: Place[];
}

export interface PlaceStates {
  /** Per path id: an index into `list`. */
  of: Int32Array;
  list: PlaceState[];
}

const NAMED: Record<string, HintKind> = {
  node_modules: 'node-modules',
  'site-packages': 'python-packages',
  'dist-packages': 'python-packages',
  __pycache__: 'pycache',
  '.npm': 'npm-cache',
  '.git': 'git',
  pip: 'pip-cache',
  test: 'node-modules-tests',
  tests: 'node-modules-tests',
  __tests__: 'node-modules-tests',
};
const FIXED: Record<string, HintKind> = { '/var/lib/apt/lists': 'apt-lists', '/var/cache/apt': 'apt-cache' };
const GLOBAL = new Set<HintKind>(['pycache', 'node-modules-tests']);
const NAME_LENGTHS = new Set(
  [...Object.keys(NAMED), ...Object.keys(FIXED).map((p) => p.slice(p.lastIndexOf('/') + 1))].map((n) => n.length),
);

export function placeStates(paths: PathTable): PlaceStates {
  const of = new Int32Array(paths.size);
  const list: PlaceState[] = [{ places: [] }];
  // Parents are interned before their children, so a parent's state is always known.
  for (let id = 1; id < paths.size; id++) {
    const inherited = of[paths.parent[id]];
    const kind = placeKind(paths, id, list[inherited]);
    if (kind === undefined) {
      of[id] = inherited;
      continue;
    }
    of[id] = list.length;
    list.push({ places: [...list[inherited].places, { kind, root: id, global: GLOBAL.has(kind) }] });
  }
  return { of, list };
}

/** The kind of place that starts at `id`, unless `id` is already inside one of that kind. */
function placeKind(paths: PathTable, id: number, state: PlaceState): HintKind | undefined {
  const path = paths.names[id];
  const slash = path.lastIndexOf('/');
  // Most names have none of the lengths of NAMED and FIXED's last names: no substring for them.
  if (!NAME_LENGTHS.has(path.length - slash - 1)) return undefined;
  const name = path.slice(slash + 1);
  const kind = Object.hasOwn(NAMED, name) ? NAMED[name] : Object.hasOwn(FIXED, path) ? FIXED[path] : undefined;
  if (kind === undefined) return undefined;
  if (kind === 'pip-cache' && paths.baseName(paths.parent[id]) !== '.cache') return undefined;
  if (kind === 'node-modules-tests' && !state.places.some((p) => p.kind === 'node-modules')) return undefined;
  return state.places.some((p) => p.kind === kind) ? undefined : kind;
}

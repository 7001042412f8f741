/**
 * Which known heavy places (node_modules, caches, .git, …) each path lies in, computed once
 * per path id from its parent's answer and its own name. Paths outside every place share
 * state 0, so the cost is one array slot per path plus one small object per place found.
 */
import type { HintKind } from './hints.js';
import type { PathTable } from './path-table.js';

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

const TEST_DIRS = new Set(['test', 'tests', '__tests__']);
const FIXED: Record<string, HintKind> = { '/var/lib/apt/lists': 'apt-lists', '/var/cache/apt': 'apt-cache' };

export function placeStates(paths: PathTable): PlaceStates {
  const of = new Int32Array(paths.size);
  const list: PlaceState[] = [{ places: [] }];
  // Parents are interned before their children, so a parent's state is always known.
  for (let id = 1; id < paths.size; id++) {
    const parentState = list[of[paths.parent[id]]];
    const place = placeAt(paths, id, parentState);
    if (!place) {
      of[id] = of[paths.parent[id]];
      continue;
    }
    of[id] = list.length;
    list.push({ places: [...parentState.places, place] });
  }
  return { of, list };
}

function placeAt(paths: PathTable, id: number, state: PlaceState): Place | undefined {
  const name = paths.baseName(id);
  const has = (kind: HintKind) => state.places.some((p) => p.kind === kind);
  const place = (kind: HintKind, global = false): Place | undefined => (has(kind) ? undefined : { kind, root: id, global });
  switch (name) {
    case 'node_modules':
      return place('node-modules');
    case 'site-packages':
    case 'dist-packages':
      return place('python-packages');
    case '__pycache__':
      return place('pycache', true);
    case '.npm':
      return place('npm-cache');
    case '.git':
      return place('git');
    case 'pip':
      return paths.baseName(paths.parent[id]) === '.cache' ? place('pip-cache') : undefined;
  }
  if (TEST_DIRS.has(name) && has('node-modules')) return place('node-modules-tests', true);
  const fixed = FIXED[paths.names[id]];
  return fixed ? place(fixed) : undefined;
}

/**
 * Known heavy places: package trees, caches and build leftovers that images often ship by
 * accident. Each is found in the final file system ("present") and among entries a later
 * layer deleted ("deleted-later": still shipped by the layer that wrote them). Pure.
 */
import { REMOVED, T_DIR, T_FILE, T_HARDLINK, type MergedFs } from '../fs/merge.js';
import { viewEntries, type ViewEntries } from '../fs/merged-queries.js';
import { placeStates, type HintKind, type Place, type PlaceStates } from './place-states.js';

export interface Hint {
  kind: HintKind;
  status: 'present' | 'deleted-later';
  /** The place (outermost matching directory); null for kinds summed over the whole image. */
  path: string | null;
  bytes: number;
  inodes: number;
  files: number;
  /** Matching directories (__pycache__, test directories) or packages (node_modules). */
  directories?: number;
  packages?: number;
  /** node_modules: its largest packages, largest first (analysis/packages/package-hints.ts). */
  largestPackages?: Array<{ name: string; version: string; bytes: number }>;
  /** 1-based layers that wrote it, most bytes first. */
  layers: number[];
  /** For deleted-later: the layers that deleted it. */
  deletedBy?: number[];
  advice: string;
}

export interface HintOptions {
  /** A place is reported when it holds at least this many bytes or inodes. */
  minBytes?: number;
  minInodes?: number;
}

export const HINT_DEFAULTS = { minBytes: 100_000, minInodes: 100 };

export const ADVICE: Record<HintKind, string> = {
  'node-modules': 'install production dependencies only (npm ci --omit=dev) and prune what you do not ship',
  'python-packages': 'keep build-only packages out of the final stage; pip install --no-cache-dir',
  pycache: 'set PYTHONDONTWRITEBYTECODE=1, or delete __pycache__ in the same RUN',
  'apt-lists': 'rm -rf /var/lib/apt/lists/* in the same RUN as apt-get update',
  'apt-cache': 'apt-get clean in the same RUN as apt-get install (or RUN --mount=type=cache)',
  'npm-cache': 'npm cache clean --force in the same RUN, or RUN --mount=type=cache,target=/root/.npm',
  'pip-cache': 'pip install --no-cache-dir, or RUN --mount=type=cache,target=/root/.cache/pip',
  git: 'add .git to .dockerignore',
  'source-maps': 'build without source maps for production, or delete *.map files',
  'node-modules-tests': 'prune test directories from node_modules (e.g. node-prune) in the same RUN as the install',
};
export const DELETED_ADVICE =
  'remove them in the same RUN that creates them: a later layer cannot take bytes out of an earlier one';

interface Weight {
  bytes: number;
  inodes: number;
}

interface Acc {
  kind: HintKind;
  status: Hint['status'];
  path: string | null;
  bytes: number;
  inodes: number;
  files: number;
  dirs: number;
  packages: number;
  writers: Map<number, Weight>;
  deleters: Map<number, Weight>;
}

const SOURCE_MAP = /\.(m?js|cjs|css|ts)\.map$/;
const SOURCE_MAPS: Place = { kind: 'source-maps', root: -1, global: true };

/** `final` may be passed when the caller already has the final file system's entries. */
export function findHints(
  fs: MergedFs,
  opts: HintOptions = {},
  final: ViewEntries = viewEntries(fs, { kind: 'final' }),
): Hint[] {
  const min = { ...HINT_DEFAULTS, ...opts };
  const states = placeStates(fs.paths);
  const accs: Accs = { present: new Map(), 'deleted-later': new Map() };
  for (let i = 0; i < final.events.length; i++) {
    const places = placesOf(fs, states, final.events[i]);
    if (places.length > 0)
      collect(fs, accs, places, {
        e: final.events[i],
        status: 'present',
        bytes: final.bytes[i],
        inodes: final.inodes[i],
      });
  }
  const ev = fs.events;
  for (let e = 0; e < fs.eventCount; e++) {
    const next = ev.nextOfPath[e];
    if (ev.kind[e] === REMOVED || next < 0 || ev.kind[next] !== REMOVED || ev.type[e] === T_HARDLINK) continue;
    const places = placesOf(fs, states, e);
    if (places.length > 0)
      collect(fs, accs, places, {
        e,
        status: 'deleted-later',
        bytes: ev.bytes[e],
        inodes: 1,
        deletedIn: ev.layer[next],
      });
  }
  return [...accs.present.values(), ...accs['deleted-later'].values()]
    .filter((a) => a.bytes >= min.minBytes || a.inodes >= min.minInodes)
    .map(toHint)
    .sort((a, b) => b.bytes - a.bytes || b.inodes - a.inodes || a.kind.localeCompare(b.kind));
}

interface Sighting {
  e: number;
  status: Hint['status'];
  bytes: number;
  inodes: number;
  deletedIn?: number;
}

/** The known places entry `e` lies in; a source map is one wherever it is. */
function placesOf(fs: MergedFs, states: PlaceStates, e: number): readonly Place[] {
  const id = fs.events.path[e];
  const places = states.list[states.of[id]].places;
  const path = fs.paths.names[id];
  if (fs.events.type[e] !== T_FILE || !path.endsWith('.map') || !SOURCE_MAP.test(path)) return places;
  return [...places, SOURCE_MAPS];
}

/** Per status: one accumulator per place, or per kind for kinds summed over the image. */
type Accs = Record<Hint['status'], Map<Place | HintKind, Acc>>;

function collect(fs: MergedFs, accs: Accs, places: readonly Place[], s: Sighting): void {
  const ev = fs.events;
  const id = ev.path[s.e];
  const type = ev.type[s.e];
  for (const place of places) {
    const key = place.global ? place.kind : place;
    let acc = accs[s.status].get(key);
    if (!acc)
      accs[s.status].set(key, (acc = newAcc(place.kind, s.status, place.global ? null : fs.paths.names[place.root])));
    acc.bytes += s.bytes;
    acc.inodes += s.inodes;
    if (type !== T_DIR) acc.files++;
    weigh(acc.writers, ev.layer[s.e], s);
    if (s.deletedIn !== undefined) weigh(acc.deleters, s.deletedIn, s);
    if (type === T_DIR && place.root === id) acc.dirs++;
    if (type === T_DIR && place.kind === 'node-modules' && isPackageDir(fs, id)) acc.packages++;
  }
}

function weigh(m: Map<number, Weight>, layer: number, s: Sighting): void {
  const w = m.get(layer);
  if (w) {
    w.bytes += s.bytes;
    w.inodes += s.inodes;
  } else m.set(layer, { bytes: s.bytes, inodes: s.inodes });
}

function newAcc(kind: HintKind, status: Hint['status'], path: string | null): Acc {
  return {
    kind,
    status,
    path,
    bytes: 0,
    inodes: 0,
    files: 0,
    dirs: 0,
    packages: 0,
    writers: new Map(),
    deleters: new Map(),
  };
}

/** A package directory: a child of node_modules, or of an @scope directory inside one. */
function isPackageDir(fs: MergedFs, id: number): boolean {
  const name = fs.paths.baseName(id);
  if (name.startsWith('.') || name.startsWith('@') || name === 'node_modules') return false;
  const parent = fs.paths.parent[id];
  const parentName = fs.paths.baseName(parent);
  if (parentName === 'node_modules') return true;
  return parentName.startsWith('@') && fs.paths.baseName(fs.paths.parent[parent]) === 'node_modules';
}

/** 1-based layers, most bytes (then inodes) first. */
const ranked = (m: Map<number, Weight>) =>
  [...m.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes || b[1].inodes - a[1].inodes || a[0] - b[0])
    .map(([l]) => l + 1);

function toHint(a: Acc): Hint {
  const hint: Hint = {
    kind: a.kind,
    status: a.status,
    path: a.path,
    bytes: a.bytes,
    inodes: a.inodes,
    files: a.files,
    layers: ranked(a.writers),
    advice: a.status === 'present' ? ADVICE[a.kind] : DELETED_ADVICE,
  };
  if (a.kind === 'pycache' || a.kind === 'node-modules-tests') hint.directories = a.dirs;
  if (a.kind === 'node-modules') hint.packages = a.packages;
  if (a.status === 'deleted-later') hint.deletedBy = ranked(a.deleters);
  return hint;
}

/**
 * Churn: for each layer of B that a host holding A must pull, how many of its bytes and
 * files are byte-identical (same content hash) to a regular file anywhere in A's
 * layers. When most of a rebuilt layer is unchanged, a finding names what is unchanged and
 * the Dockerfile change that would have kept it in an earlier, reused layer. Pure.
 */
import type { LayerScan } from '../../scan/layer-scan.js';
import type { LayerReuse, LayerReuseRow } from './layer-reuse.js';

export type ChurnKind =
  | 'node-modules'
  | 'python-packages'
  | 'vendor'
  | 'ruby-gems'
  | 'jvm-dependencies'
  | 'unchanged-files'
  | 'dependency-update'
  | 'base-update'
  | 'rebuilt';

/** What a finding says, per kind: the directory names that identify it and the Dockerfile fix. */
export const CHURN_FIXES: ReadonlyArray<{ kind: ChurnKind; dirNames: readonly string[]; label: string; fix: string }> =
  [
    {
      kind: 'node-modules',
      dirNames: ['node_modules'],
      label: 'node_modules',
      fix: 'copy package*.json and install dependencies before copying the code',
    },
    {
      kind: 'python-packages',
      dirNames: ['site-packages', 'dist-packages', '.venv'],
      label: 'Python packages',
      fix: 'copy requirements*.txt (or pyproject.toml and its lock file) and pip install before copying the code',
    },
    {
      kind: 'vendor',
      dirNames: ['vendor'],
      label: 'vendored dependencies',
      fix: 'copy the dependency manifests (go.mod and go.sum, composer.json and composer.lock) and install dependencies before copying the code',
    },
    {
      kind: 'ruby-gems',
      dirNames: ['gems'],
      label: 'gems',
      fix: 'copy Gemfile and Gemfile.lock and bundle install before copying the code',
    },
    {
      kind: 'jvm-dependencies',
      dirNames: ['.m2', '.gradle'],
      label: 'build dependencies',
      fix: 'copy the build files (pom.xml, build.gradle) and fetch dependencies before copying the code',
    },
    {
      kind: 'unchanged-files',
      dirNames: [],
      label: 'files',
      fix: 'copy what rarely changes in a step of its own, before the files that change every release',
    },
    {
      kind: 'dependency-update',
      dirNames: [],
      label: 'dependencies',
      fix: 'the install step re-runs whenever the dependency manifest or lock file changes, so this is expected; batching dependency updates pays it less often',
    },
    {
      kind: 'base-update',
      dirNames: [],
      label: 'base files',
      fix: 'a base update makes every layer above it new to hosts: pin the base image by digest and update it on purpose, not with every release',
    },
    {
      kind: 'rebuilt',
      dirNames: [],
      label: 'content',
      fix: 'a layer below changed, and every layer above a change is new: order the steps from least to most often changing',
    },
  ];

/** Commands that install dependencies: when one re-ran, mostly unchanged packages are the lock file's doing, not the layer order's. */
export const INSTALL_COMMANDS =
  /\b(npm (ci|install|i)|yarn( install)?|pnpm (install|i)|pip3? install|poetry install|uv (sync|pip install)|bundle install|composer install|go mod download|mvn\b[^&;]*dependency|gradle\b[^&;]*dependencies)\b/;

const FIX_OF = new Map(CHURN_FIXES.map((f) => [f.kind, f]));
const KIND_OF_DIR = new Map(CHURN_FIXES.flatMap((f) => f.dirNames.map((name) => [name, f.kind] as const)));

export interface ChurnFinding {
  kind: ChurnKind;
  label: string;
  /** The directory holding most of the unchanged bytes; null for 'rebuilt'. */
  path: string | null;
  fix: string;
}

export interface LayerChurn {
  layer: number;
  createdBy: string;
  /** 'same-content': the layer's diffID is in A (on another parent). */
  status: 'new' | 'same-content';
  layerOfA: number | null;
  /** Regular files of the layer and their bytes. */
  files: number;
  bytes: number;
  unchangedFiles: number;
  unchangedBytes: number;
  /** unchangedBytes / bytes; null for a layer without file bytes. */
  unchangedRatio: number | null;
  finding: ChurnFinding | null;
}

export interface ChurnOptions {
  /** A finding needs at least this share of the layer's bytes unchanged… */
  minRatio?: number;
  /** …and at least this many unchanged bytes. */
  minBytes?: number;
}

export const CHURN_DEFAULTS = { minRatio: 0.5, minBytes: 10_000 };

/** The scans of A's and B's layers, in order; null when a side was scanned without content hashes. */
export function layerChurn(
  a: LayerScan[],
  b: LayerScan[],
  reuse: LayerReuse,
  opts: ChurnOptions = {},
): LayerChurn[] | null {
  if (![...a, ...b].every((s) => s.hashed)) return null;
  const min = { ...CHURN_DEFAULTS, ...opts };
  const fresh = reuse.rows.filter((r) => r.status !== 'shared');
  const wanted = new Set<string>();
  for (const r of fresh) for (const e of b[r.layer - 1].entries) if (e.type === 'file' && e.hash) wanted.add(e.hash);
  const known = contentOf(a, wanted);
  return fresh.map((r) => churnRow(r, b[r.layer - 1], known, min));
}

function churnRow(r: LayerReuseRow, scan: LayerScan, known: Set<string>, min: typeof CHURN_DEFAULTS): LayerChurn {
  const c = churnOf(scan, known);
  const churn: LayerChurn = {
    layer: r.layer,
    createdBy: r.createdBy,
    status: r.status === 'same-content' ? 'same-content' : 'new',
    layerOfA: r.layerOfA,
    files: c.files,
    bytes: c.bytes,
    unchangedFiles: c.unchanged.length,
    unchangedBytes: c.unchangedBytes,
    unchangedRatio: c.bytes > 0 ? c.unchangedBytes / c.bytes : null,
    finding: null,
  };
  churn.finding = findingOf(churn, c.unchanged, min);
  return churn;
}

/**
 * Which of `wanted` (content hashes) some regular file of the scans holds. The wanted set is
 * small (the files of B's new layers), so A's layers are walked once instead of indexed.
 */
function contentOf(scans: LayerScan[], wanted: Set<string>): Set<string> {
  const found = new Set<string>();
  for (const scan of new Set(scans)) {
    for (const e of scan.entries)
      if (e.type === 'file' && e.hash !== undefined && wanted.has(e.hash)) found.add(e.hash);
  }
  return found;
}

interface Unchanged {
  path: string;
  size: number;
}

function churnOf(scan: LayerScan, known: Set<string>) {
  const unchanged: Unchanged[] = [];
  let files = 0;
  let bytes = 0;
  let unchangedBytes = 0;
  for (const e of scan.entries) {
    if (e.type !== 'file') continue;
    files++;
    bytes += e.size;
    if (e.hash && known.has(e.hash)) {
      unchanged.push({ path: e.path, size: e.size });
      unchangedBytes += e.size;
    }
  }
  return { files, bytes, unchanged, unchangedBytes };
}

function findingOf(c: LayerChurn, unchanged: Unchanged[], min: typeof CHURN_DEFAULTS): ChurnFinding | null {
  if (c.status === 'same-content') return c.bytes >= min.minBytes ? finding('rebuilt', null) : null;
  if (c.unchangedRatio === null || c.unchangedRatio < min.minRatio || c.unchangedBytes < min.minBytes) return null;
  if (c.layer === 1) return finding('base-update', dominantDirectory(unchanged, c.unchangedBytes));
  const place = knownPlace(unchanged, c.unchangedBytes);
  if (!place) return finding('unchanged-files', dominantDirectory(unchanged, c.unchangedBytes));
  return INSTALL_COMMANDS.test(c.createdBy)
    ? finding('dependency-update', place.path)
    : finding(place.kind, place.path);
}

function finding(kind: ChurnKind, path: string | null): ChurnFinding {
  const fix = FIX_OF.get(kind)!;
  return { kind, label: fix.label, path, fix: fix.fix };
}

/** The known dependency place (outermost matching directory) holding at least half the unchanged bytes. */
function knownPlace(unchanged: Unchanged[], total: number): { kind: ChurnKind; path: string } | null {
  const byKind = new Map<ChurnKind, number>();
  const byRoot = new Map<string, { kind: ChurnKind; bytes: number }>();
  for (const u of unchanged) {
    const parts = u.path.split('/');
    const at = parts.findIndex((p, i) => i < parts.length - 1 && KIND_OF_DIR.has(p));
    if (at < 0) continue;
    const kind = KIND_OF_DIR.get(parts[at])!;
    const root = parts.slice(0, at + 1).join('/');
    byKind.set(kind, (byKind.get(kind) ?? 0) + u.size);
    const r = byRoot.get(root) ?? { kind, bytes: 0 };
    r.bytes += u.size;
    byRoot.set(root, r);
  }
  const [kind, bytes] = [...byKind].sort((x, y) => y[1] - x[1])[0] ?? [];
  if (!kind || bytes! * 2 < total) return null;
  const roots = [...byRoot]
    .filter(([, r]) => r.kind === kind)
    .sort((x, y) => y[1].bytes - x[1].bytes || (x[0] < y[0] ? -1 : 1));
  return { kind, path: roots[0][0] };
}

/** The deepest directory that holds at least half of the unchanged bytes ("/" when none does). */
export function dominantDirectory(files: Unchanged[], total: number): string {
  const bytes = new Map<string, number>();
  for (const f of files) {
    for (let dir = f.path.slice(0, f.path.lastIndexOf('/')); dir.length > 0; dir = dir.slice(0, dir.lastIndexOf('/'))) {
      bytes.set(dir, (bytes.get(dir) ?? 0) + f.size);
    }
  }
  let best = '/';
  let depth = 0;
  for (const [dir, b] of bytes) {
    const d = dir.split('/').length;
    if (b * 2 >= total && (d > depth || (d === depth && dir < best))) [best, depth] = [dir, d];
  }
  return best;
}

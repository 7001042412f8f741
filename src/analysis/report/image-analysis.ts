/**
 * The analysis report of one image: final file system totals, dive-compatible and
 * reclaimable waste with blame, directory roll-ups (final and per layer) and hints.
 * Plain data (JSON as is), built from a MergedFs; renderers, `compare`, `check` and the
 * TUI read this model. Layers are numbered from 1, like the inspect table. Pure.
 */
import {
  directoryTree,
  rollup,
  topDirectories,
  topFiles,
  type DirectoryTotal,
  type FileEntry,
  type Rollup,
  type SortKey,
  type TopDirectories,
  type TreeNode,
} from '../fs/directory-rollup.js';
import { findHints, type Hint, type HintOptions } from '../hints/hints.js';
import { withLargestPackages } from '../packages/package-hints.js';
import { T_DIR, T_FILE, T_HARDLINK, T_SYMLINK, type MergedFs } from '../fs/merge.js';
import { viewEntries, type FsView, type ViewEntries } from '../fs/merged-queries.js';
import { diveWaste, type DiveWaste } from '../waste/waste-dive.js';
import { reclaimableWaste, type ReclaimableWaste, type WasteBlame } from '../waste/waste-reclaimable.js';

export interface FsTotals {
  /** Bytes of file contents (hardlinked files once). */
  bytes: number;
  /** Inodes: one per entry, hardlinks sharing their file's. */
  inodes: number;
  files: number;
  dirs: number;
  symlinks: number;
  hardlinks: number;
  /** Devices and FIFOs. */
  other: number;
}

export interface BlameRow extends WasteBlame {
  writtenByCommand: string;
  madeDeadByCommand: string;
}

export interface ImageAnalysis {
  layers: number;
  /** The file system a container starts from. */
  final: FsTotals;
  /** Summed over the layers as unpacked on a host (overlay2): content bytes and inodes, whiteouts included. */
  layerTotals: { bytes: number; inodes: number };
  dive: DiveWaste;
  reclaimable: Omit<ReclaimableWaste, 'blame'> & { blame: BlameRow[] };
  directories: {
    final: TopDirectories;
    /** What each layer itself writes (overwritten entries included). */
    layers: Array<TopDirectories & { layer: number }>;
  };
  hints: Hint[];
}

export interface AnalysisOptions {
  /** created_by of each layer, by 0-based layer index ('' when unknown). */
  createdBy: string[];
  /** Length of the top lists (directories, dive's inefficient paths). Default 10. */
  top?: number;
  hints?: HintOptions;
}

/** The waste part of the analysis alone (what `check` needs): dive's numbers and reclaimable bytes with blame. */
export function wasteAnalysis(fs: MergedFs, opts: AnalysisOptions): Pick<ImageAnalysis, 'dive' | 'reclaimable'> {
  return { dive: diveWaste(fs, opts.top ?? 10), reclaimable: reclaimableWithCommands(fs, opts.createdBy) };
}

/** Reclaimable waste, its blame naming the commands of the layers (createdBy by 0-based index). */
export function reclaimableWithCommands(fs: MergedFs, createdBy: string[]): ImageAnalysis['reclaimable'] {
  const command = (layer: number) => createdBy[layer - 1] ?? '';
  const reclaimable = reclaimableWaste(fs);
  const blame = reclaimable.blame.map((b) => ({
    ...b,
    writtenByCommand: command(b.writtenBy),
    madeDeadByCommand: command(b.madeDeadBy),
  }));
  return { ...reclaimable, blame };
}

export function analyzeImage(fs: MergedFs, opts: AnalysisOptions): ImageAnalysis {
  const top = opts.top ?? 10;
  const finalEntries = viewEntries(fs, { kind: 'final' });
  const layers: ImageAnalysis['directories']['layers'] = [];
  let previous: Rollup | undefined;
  for (let i = 0; i < fs.layerCount; i++) {
    const view: FsView = { kind: 'layer', index: i };
    previous = rollup(fs, view, viewEntries(fs, view), previous);
    layers.push({ layer: i + 1, ...topDirectories(previous, top) });
  }
  const finalRollup = rollup(fs, { kind: 'final' }, finalEntries);
  return {
    layers: fs.layerCount,
    final: fsTotals(fs, { kind: 'final' }, finalEntries),
    layerTotals: {
      bytes: fs.scans.reduce((a, s) => a + s.contentBytes, 0),
      inodes: fs.scans.reduce((a, s) => a + s.inodes, 0),
    },
    ...wasteAnalysis(fs, opts),
    directories: { final: topDirectories(finalRollup, top), layers },
    hints: withLargestPackages(findHints(fs, opts.hints, finalEntries), finalRollup),
  };
}

export function fsTotals(fs: MergedFs, view: FsView, entries: ViewEntries = viewEntries(fs, view)): FsTotals {
  const { events, bytes, inodes } = entries;
  const t: FsTotals = { bytes: 0, inodes: 0, files: 0, dirs: 0, symlinks: 0, hardlinks: 0, other: 0 };
  for (let i = 0; i < events.length; i++) {
    t.bytes += bytes[i];
    t.inodes += inodes[i];
    const type = fs.events.type[events[i]];
    if (type === T_FILE) t.files++;
    else if (type === T_DIR) t.dirs++;
    else if (type === T_HARDLINK) t.hardlinks++;
    else if (type === T_SYMLINK) t.symlinks++;
    else t.other++;
  }
  return t;
}

/** `inspect --files`: the largest files and the heaviest directories of a view. */
export interface FilesReport {
  /** 1-based layer, or null for the final file system. */
  layer: number | null;
  sort: SortKey;
  top: number;
  /** Largest files (empty when sorting by inodes: every file is one). */
  files: FileEntry[];
  directories: DirectoryTotal[];
}

export function filesReport(fs: MergedFs, opts: { layer: number | null; sort: SortKey; top: number }): FilesReport {
  const r = rollup(fs, viewOf(opts.layer));
  const dirs = topDirectories(r, opts.top);
  return {
    layer: opts.layer,
    sort: opts.sort,
    top: opts.top,
    files: opts.sort === 'size' ? topFiles(r, opts.top) : [],
    directories: opts.sort === 'size' ? dirs.byBytes : dirs.byInodes,
  };
}

/** `inspect --tree`: directories with their roll-ups, `depth` levels deep. */
export interface TreeReport {
  layer: number | null;
  depth: number;
  sort: SortKey;
  root: TreeNode;
}

export function treeReport(
  fs: MergedFs,
  opts: { layer: number | null; depth: number; sort: SortKey; perDir?: number },
): TreeReport {
  const root = directoryTree(rollup(fs, viewOf(opts.layer)), {
    depth: opts.depth,
    sort: opts.sort,
    perDir: opts.perDir,
  });
  return { layer: opts.layer, depth: opts.depth, sort: opts.sort, root };
}

const viewOf = (layer: number | null): FsView =>
  layer === null ? { kind: 'final' } : { kind: 'layer', index: layer - 1 };

/**
 * The analysis side of `inspect`: its flags (validated before any I/O), the analysis run on
 * the scans, and what it adds to the text and JSON output.
 */
import type { Command } from 'commander';
import type { SortKey } from '../../analysis/fs/directory-rollup.js';
import {
  analyzeImage,
  filesReport,
  treeReport,
  type FilesReport,
  type ImageAnalysis,
  type TreeReport,
} from '../../analysis/report/image-analysis.js';
import type { MergedFs } from '../../analysis/fs/merge.js';
import { usageError } from '../../errors.js';
import { renderAnalysisText } from '../../render/inspect/analysis-text.js';
import { renderFilesText } from '../../render/inspect/files-text.js';
import type { Style } from '../../render/common/style.js';
import { renderTreeText } from '../../render/inspect/tree-text.js';

export interface AnalysisFlagValues {
  files?: boolean;
  tree?: boolean;
  layer?: string;
  sort?: string;
  top?: string;
  depth?: string;
  quick?: boolean;
}

export interface AnalysisFlags {
  files: boolean;
  tree: boolean;
  /** 1-based layer, or null for the final file system. */
  layer: number | null;
  sort: SortKey;
  /** --files: rows per table; --tree: subdirectories per directory (undefined: all). */
  top: number | undefined;
  depth: number;
}

export const DEFAULT_TOP = 20;
export const DEFAULT_DEPTH = 3;

export function addAnalysisOptions(cmd: Command): Command {
  return cmd
    .option(
      '--files',
      'list the largest files and the heaviest directories (of the final file system, or of --layer N)',
    )
    .option('--tree', 'print the directory tree with the bytes and inodes below each directory')
    .option('--layer <n>', 'with --files or --tree: what layer N itself writes (N as in the # column)')
    .option('--sort <key>', 'with --files or --tree: size or inodes (default: size)')
    .option(
      '--top <k>',
      `with --files: rows per table (default: ${DEFAULT_TOP}); with --tree: subdirectories per directory (default: all)`,
    )
    .option('--depth <d>', `with --tree: directory levels below / (default: ${DEFAULT_DEPTH})`);
}

/** Every problem with the flags at once, as one usage error. */
export function parseAnalysisFlags(v: AnalysisFlagValues): AnalysisFlags {
  const problems: string[] = [];
  const int = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    if (/^[1-9]\d{0,8}$/.test(raw)) return Number(raw);
    problems.push(`${name} must be a whole number from 1 (got "${raw}")`);
    return undefined;
  };
  const layer = int('--layer', v.layer);
  const top = int('--top', v.top);
  const depth = int('--depth', v.depth);
  if (v.sort !== undefined && v.sort !== 'size' && v.sort !== 'inodes')
    problems.push(`--sort must be size or inodes (got "${v.sort}")`);
  const viewing = v.files || v.tree;
  for (const [flag, given] of [
    ['--layer', v.layer],
    ['--sort', v.sort],
    ['--top', v.top],
  ] as const) {
    if (given !== undefined && !viewing) problems.push(`${flag} needs --files or --tree`);
  }
  if (v.depth !== undefined && !v.tree) problems.push('--depth needs --tree');
  if (viewing && v.quick)
    problems.push(`${v.files ? '--files' : '--tree'} reads every layer: it cannot go with --quick`);
  if (problems.length > 0) throw usageError(problems.join('; '), 'see layerscope inspect --help');
  return {
    files: !!v.files,
    tree: !!v.tree,
    layer: layer ?? null,
    sort: (v.sort as SortKey | undefined) ?? 'size',
    top,
    depth: depth ?? DEFAULT_DEPTH,
  };
}

/** --layer against the image, before any layer is read. */
export function checkLayerRange(flags: AnalysisFlags, reference: string, layerCount: number): void {
  if (flags.layer === null || flags.layer <= layerCount) return;
  const range =
    layerCount === 0 ? 'has no layers' : layerCount === 1 ? 'has only layer 1' : `has layers 1–${layerCount}`;
  throw usageError(
    `--layer ${flags.layer} is out of range: ${reference} ${range}`,
    'layers are numbered as in the # column of layerscope inspect',
  );
}

export interface InspectAnalysis extends ImageAnalysis {
  files?: FilesReport;
  tree?: TreeReport;
}

/** `createdBy`: each layer's command (layerCreatedBy). */
export function runAnalysis(fs: MergedFs, createdBy: string[], flags: AnalysisFlags): InspectAnalysis {
  const out: InspectAnalysis = analyzeImage(fs, { createdBy });
  if (flags.files) out.files = filesReport(fs, { layer: flags.layer, sort: flags.sort, top: flags.top ?? DEFAULT_TOP });
  if (flags.tree)
    out.tree = treeReport(fs, { layer: flags.layer, depth: flags.depth, sort: flags.sort, perDir: flags.top });
  return out;
}

/** The text `inspect` prints after (or, with --files/--tree, instead of) the layer table. */
export function renderAnalysisSections(a: InspectAnalysis, createdBy: string[], style: Style, width: number): string {
  const parts: string[] = [];
  if (a.files) parts.push(renderFilesText(a.files, createdBy, style, width));
  if (a.tree) parts.push(renderTreeText(a.tree, createdBy, style, width));
  if (parts.length === 0) parts.push(renderAnalysisText(a, style, width));
  return parts.join('\n');
}

/**
 * The on-disk form of a cached comparison step: gzip-compressed JSON holding the step's key,
 * the totals of both images' layers and the step's content (file diff, churn, package changes). Decoding
 * checks the format, the key and the shape of every part, so a damaged or foreign file is
 * rejected, never trusted.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { StepContent } from '../../analysis/compare/compare-report.js';
import type { LayerTotals } from '../../analysis/compare/image-side.js';

/**
 * Bumped whenever a cached step would no longer equal what the comparison computes now: the
 * shape of LayerTotals or StepContent, or the results of diffFiles, layerChurn or diffPackages
 * (file-diff.ts, final-view.ts, layer-index.ts, churn.ts, directory ranking, package-diff.ts and
 * what findPackages finds). It keys the step cache, as
 * SCAN_FORMAT_VERSION does too (a new scan format makes every step new).
 */
export const STEP_FORMAT_VERSION = 4;

export interface CachedStep {
  /** Totals of A's and B's layers, in layer order. */
  a: LayerTotals[];
  b: LayerTotals[];
  content: StepContent;
}

export function encodeStep(key: string, step: CachedStep): Buffer {
  const doc = {
    formatVersion: STEP_FORMAT_VERSION,
    key,
    a: step.a,
    b: step.b,
    files: step.content.files,
    churn: step.content.churn,
    packages: step.content.packages,
  };
  return gzipSync(Buffer.from(JSON.stringify(doc)), { level: 1 });
}

/** Returns undefined for anything but a complete step of `key` with `layersA` and `layersB` layers. */
export function decodeStep(bytes: Buffer, key: string, layersA: number, layersB: number): CachedStep | undefined {
  try {
    const raw = JSON.parse(gunzipSync(bytes).toString('utf8'));
    if (!isObject(raw) || raw.formatVersion !== STEP_FORMAT_VERSION || raw.key !== key) return undefined;
    if (!isTotalsList(raw.a, layersA) || !isTotalsList(raw.b, layersB)) return undefined;
    if (!isFileDiff(raw.files) || !(raw.churn === null || isList(raw.churn, isChurnRow))) return undefined;
    if (!isPackageDiff(raw.packages)) return undefined;
    return {
      a: raw.a,
      b: raw.b,
      content: { files: raw.files, churn: raw.churn, packages: raw.packages },
    } as CachedStep;
  } catch {
    return undefined;
  }
}

type Check = (v: unknown) => boolean;
type Fields = Record<string, Check>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const str: Check = (v) => typeof v === 'string';
const bool: Check = (v) => typeof v === 'boolean';
const orNull =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v as string);
const shape =
  (fields: Fields): Check =>
  (v) =>
    isObject(v) && Object.entries(fields).every(([k, check]) => check(v[k]));
const isList = (v: unknown, check: Check): boolean => Array.isArray(v) && v.every(check);
const list =
  (check: Check): Check =>
  (v) =>
    isList(v, check);

const isTotals = shape({
  size: num,
  tarSize: num,
  gzipEstimate: num,
  inodes: num,
  counts: shape({ files: num }),
});
const isTotalsList = (v: unknown, length: number) => Array.isArray(v) && v.length === length && v.every(isTotals);

const tally = shape({ files: num, dirs: num, bytes: num, inodes: num });
const directoryDelta = shape({ path: str, bytesDelta: num, inodesDelta: num });
const fileChange = shape({
  path: str,
  change: oneOf('added', 'removed', 'modified'),
  type: str,
  bytesBefore: orNull(num),
  bytesAfter: orNull(num),
  bytesDelta: num,
  inodesDelta: num,
  reasons: list(oneOf('type', 'size', 'mode', 'link', 'content')),
});
const isFileDiff = shape({
  contentCompared: bool,
  net: shape({ bytes: num, inodes: num }),
  added: tally,
  removed: tally,
  modified: tally,
  topDirectories: shape({ byBytes: list(directoryDelta), byInodes: list(directoryDelta) }),
  largestChanges: list(fileChange),
});
const isChurnRow = shape({
  layer: num,
  createdBy: str,
  status: oneOf('new', 'same-content'),
  layerOfA: orNull(num),
  files: num,
  bytes: num,
  unchangedFiles: num,
  unchangedBytes: num,
  unchangedRatio: orNull(num),
  finding: orNull(shape({ kind: str, label: str, path: orNull(str), fix: str })),
});
const packageTally = shape({ packages: num, bytes: num, inodes: num });
const packageChange = shape({
  change: oneOf('added', 'removed', 'changed'),
  ecosystem: oneOf('npm', 'deb', 'apk', 'python'),
  name: str,
  path: str,
  versionBefore: orNull(str),
  versionAfter: orNull(str),
  bytesBefore: orNull(num),
  bytesAfter: orNull(num),
  bytesDelta: num,
  inodesBefore: orNull(num),
  inodesAfter: orNull(num),
  inodesDelta: num,
});
const isPackageDiff = shape({
  added: packageTally,
  removed: packageTally,
  changed: (v) => packageTally(v) && num((v as Record<string, unknown>).versionChanged),
  net: shape({ bytes: num, inodes: num }),
  largestAdded: list(packageChange),
  largestRemoved: list(packageChange),
  largestChanged: list(packageChange),
});

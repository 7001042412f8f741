/**
 * The files pane of `explore A --compare B`: the file diff of one step (layer position) as
 * a tree. "changes": what B's step wrote against what A's step wrote; "merged": the file
 * system after the step in B against the same in A. Paths only in B are added, only in A
 * removed; in both, modified when analysis/compare/entry-diff.ts says they differ (type, size,
 * mode, link target, or content hash when both images were scanned with hashes): the rule of
 * `diff`, which compares only final file systems and keeps top lists, not every path. Pure;
 * the result is a FilesView, so the tree model does the rest.
 */
import { contentComparable, entryDifferences, eventEntry } from '../../analysis/compare/entry-diff.js';
import { rollup, type Rollup } from '../../analysis/fs/directory-rollup.js';
import { T_DIR, type MergedFs } from '../../analysis/fs/merge.js';
import { apparentBytes, eventRecord } from '../../analysis/fs/merged-queries.js';
import { PathTable } from '../../analysis/fs/path-table.js';
import type { FileRecord } from '../../scan/file-record.js';
import type { ViewMode } from '../state/state.js';
import { markImplied, S_ADDED, S_MODIFIED, S_REMOVED, S_UNMODIFIED, type FilesView } from '../state/tree-model.js';

export interface DiffTally {
  files: number;
  /** Bytes after minus bytes before, over the entries of this kind. */
  bytes: number;
}

export interface StepDiff extends FilesView {
  /** Entries other than directories, by change. */
  tally: { added: DiffTally; modified: DiffTally; removed: DiffTally };
}

interface Side {
  fs: MergedFs;
  r: Rollup;
  /** Per path id of fs: the event in the view, or -1. */
  eventOf: Int32Array;
}

/** A side's view at `step`: null when the image has no such step (changes) or no layers. */
function sideAt(fs: MergedFs, step: number, mode: ViewMode): Side | null {
  if (fs.layerCount === 0 || (mode === 'changes' && step >= fs.layerCount)) return null;
  const index = Math.min(step, fs.layerCount - 1);
  const r = rollup(fs, mode === 'changes' ? { kind: 'layer', index } : { kind: 'merged-at', index });
  const eventOf = new Int32Array(fs.paths.size).fill(-1);
  for (const e of r.entries.events) eventOf[fs.events.path[e]] = e;
  return { fs, r, eventOf };
}

export function buildStepDiff(a: MergedFs, b: MergedFs, step: number, mode: ViewMode): StepDiff {
  const sa = sideAt(a, step, mode);
  const sb = sideAt(b, step, mode);
  const paths = new PathTable();
  for (const s of [sb, sa])
    if (s) for (const e of s.r.entries.events) paths.intern(s.fs.paths.names[s.fs.events.path[e]]);
  const n = paths.size;
  const view: StepDiff = {
    paths,
    status: new Uint8Array(n),
    type: new Uint8Array(n).fill(T_DIR),
    bytes: new Float64Array(n),
    inodes: new Float64Array(n),
    isDir: new Uint8Array(n),
    record: (id) => recordAt(sb, paths.names[id]) ?? recordAt(sa, paths.names[id]),
    size: 0,
    tally: { added: { files: 0, bytes: 0 }, modified: { files: 0, bytes: 0 }, removed: { files: 0, bytes: 0 } },
  };
  const content = contentComparable(a.scans, b.scans);
  for (let id = 1; id < n; id++) compareAt(view, id, sa, sb, content);
  markImplied(view);
  return view;
}

function compareAt(view: StepDiff, id: number, sa: Side | null, sb: Side | null, content: boolean): void {
  const name = view.paths.names[id];
  const ia = sa ? sa.fs.paths.idOf(name) : -1;
  const ib = sb ? sb.fs.paths.idOf(name) : -1;
  const ea = ia >= 0 ? sa!.eventOf[ia] : -1;
  const eb = ib >= 0 ? sb!.eventOf[ib] : -1;
  // Sizes as B has them; as A had them for what B no longer has.
  const inB = ib >= 0 && (eb >= 0 || sb!.r.isDir[ib] === 1);
  const [side, sid] = inB ? [sb, ib] : [sa, ia];
  if (side && sid >= 0) {
    view.bytes[id] = side.r.bytes[sid];
    view.inodes[id] = side.r.inodes[sid];
    view.isDir[id] = side.r.isDir[sid];
  }
  if (ea < 0 && eb < 0) return; // a directory only implied by entries below it
  const e = eb >= 0 ? eb : ea;
  view.type[id] = (eb >= 0 ? sb! : sa!).fs.events.type[e];
  const status = ea < 0 ? S_ADDED : eb < 0 ? S_REMOVED : same(sa!, ea, sb!, eb, content) ? S_UNMODIFIED : S_MODIFIED;
  view.status[id] = status;
  if (view.type[id] === T_DIR || status === S_UNMODIFIED) return;
  const before = ea >= 0 ? apparentBytes(sa!.fs, ea) : 0;
  const after = eb >= 0 ? apparentBytes(sb!.fs, eb) : 0;
  const t = status === S_ADDED ? view.tally.added : status === S_REMOVED ? view.tally.removed : view.tally.modified;
  t.files++;
  t.bytes += after - before;
}

function recordAt(s: Side | null, name: string): FileRecord | undefined {
  if (!s) return undefined;
  const id = s.fs.paths.idOf(name);
  return id >= 0 && s.eventOf[id] >= 0 ? eventRecord(s.fs, s.eventOf[id]) : undefined;
}

function same(sa: Side, ea: number, sb: Side, eb: number, content: boolean): boolean {
  return entryDifferences(eventEntry(sa.fs, ea), eventEntry(sb.fs, eb), content).length === 0;
}

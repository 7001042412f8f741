/**
 * Every layer that touched one path, and how: added it, modified it (bytes before → after,
 * and what differs), changed only its mode or owner, removed it (a whiteout of it or of a
 * directory above it), hid it (an opaque directory above it) or replaced it (a non-directory
 * written over a directory above it, or a directory written over it). Pure: a walk of the
 * path's events in a MergedFs.
 */
import type { EntryType } from '../../scan/file-record.js';
import { entryAt, layerIndex, parentOf } from './layer-index.js';
import { ADDED, MODIFIED, TYPE_NAMES, type MergedFs } from './merge.js';
import { apparentBytes, eventRecord } from './merged-queries.js';

export type TouchKind = 'added' | 'modified' | 'attributes' | 'removed' | 'hidden' | 'replaced';
/** What differs from the entry below: its type, size, content (when both are hashed), mode, owner or link target. */
export type TouchChange = 'type' | 'size' | 'content' | 'mode' | 'owner' | 'link';

export interface PathTouch {
  /** 1-based layer number. */
  layer: number;
  kind: TouchKind;
  /** The entry the layer wrote; for removed, hidden and replaced: the entry that went. */
  type: EntryType;
  /** Content bytes after the layer (0 when it went), and before it (null when added). */
  bytes: number;
  bytesBefore: number | null;
  /** Permission bits, uid and gid of the entry written; null when it went. */
  mode: number | null;
  uid: number | null;
  gid: number | null;
  linkTarget: string | null;
  /** For modified and attributes: what differs from the entry below. */
  changed: TouchChange[];
  /** For removed, hidden and replaced: the path whose whiteout, opaque marker or entry did it. */
  by: string | null;
  /** The layer's command (created_by), '' when unknown. */
  command: string;
}

export interface PathHistory {
  path: string;
  /** The path is in the file system a container starts from. */
  present: boolean;
  touches: PathTouch[];
}

/** `path` absolute and normalized ("/etc/passwd"); createdBy by 0-based layer. */
export function pathHistoryOf(fs: MergedFs, path: string, createdBy: readonly string[]): PathHistory {
  const id = fs.paths.idOf(path);
  const touches: PathTouch[] = [];
  if (id < 0) return { path, present: false, touches };
  const events: number[] = [];
  for (let e = fs.lastOfPath[id]; e >= 0; e = fs.events.prevOfPath[e]) events.push(e);
  events.reverse();
  let before = -1;
  for (const e of events) {
    touches.push(touchOf(fs, e, before, path, createdBy[fs.events.layer[e]] ?? ''));
    before = fs.events.kind[e] === ADDED || fs.events.kind[e] === MODIFIED ? e : -1;
  }
  return { path, present: fs.live[id] >= 0, touches };
}

function touchOf(fs: MergedFs, e: number, before: number, path: string, command: string): PathTouch {
  const ev = fs.events;
  const layer = ev.layer[e];
  const type = TYPE_NAMES[ev.type[e]];
  const bytesBefore = before >= 0 ? apparentBytes(fs, before) : null;
  if (ev.kind[e] !== ADDED && ev.kind[e] !== MODIFIED) {
    const { kind, by } = goneBy(fs, layer, path);
    return {
      layer: layer + 1,
      kind,
      type,
      bytes: 0,
      bytesBefore: ev.bytes[e],
      mode: null,
      uid: null,
      gid: null,
      linkTarget: null,
      changed: [],
      by,
      command,
    };
  }
  const rec = eventRecord(fs, e);
  const bytes = apparentBytes(fs, e);
  const changed = before >= 0 ? differences(fs, before, e) : [];
  const kind: TouchKind =
    ev.kind[e] === ADDED
      ? 'added'
      : changed.length > 0 && changed.every((c) => c === 'mode' || c === 'owner')
        ? 'attributes'
        : 'modified';
  return {
    layer: layer + 1,
    kind,
    type,
    bytes,
    bytesBefore,
    mode: rec?.mode ?? null,
    uid: rec ? (rec.uid ?? 0) : null,
    gid: rec ? (rec.gid ?? 0) : null,
    linkTarget: rec?.linkTarget ?? null,
    changed,
    by: null,
    command,
  };
}

function differences(fs: MergedFs, a: number, b: number): TouchChange[] {
  const ra = eventRecord(fs, a);
  const rb = eventRecord(fs, b);
  const out: TouchChange[] = [];
  if (fs.events.type[a] !== fs.events.type[b]) out.push('type');
  if (apparentBytes(fs, a) !== apparentBytes(fs, b)) out.push('size');
  else if (ra?.hash && rb?.hash && ra.hash !== rb.hash) out.push('content');
  if (ra?.mode !== rb?.mode) out.push('mode');
  if ((ra?.uid ?? 0) !== (rb?.uid ?? 0) || (ra?.gid ?? 0) !== (rb?.gid ?? 0)) out.push('owner');
  if ((ra?.linkTarget ?? null) !== (rb?.linkTarget ?? null)) out.push('link');
  return out;
}

/** Why `path` went in layer L: the nearest whiteout, opaque marker or non-directory at it or above it. */
function goneBy(fs: MergedFs, L: number, path: string): { kind: TouchKind; by: string | null } {
  const index = layerIndex(fs.scans[L]);
  for (let at = path; at !== '/'; at = parentOf(at)) {
    if (index.whiteouts.has(at)) return { kind: 'removed', by: at };
    if (at === path) continue;
    if (index.opaques.has(at)) return { kind: 'hidden', by: at };
    const entry = entryAt(index, at);
    if (entry && entry.type !== 'dir') return { kind: 'replaced', by: at };
  }
  // A layer wrote below it: it became a directory.
  return { kind: 'replaced', by: null };
}

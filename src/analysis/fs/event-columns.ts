/** The columns of a MergedFs's events: one typed array per field, indexed by event number. */
import { growFloat64, growInt32, growUint8 } from './path-table.js';

/** One column per field; index = event number. */
export interface EventColumns {
  path: Int32Array;
  layer: Int32Array;
  /** ADDED, MODIFIED or REMOVED. */
  kind: Uint8Array;
  /** Index into TYPE_NAMES: the entry written, or for REMOVED the entry removed. */
  type: Uint8Array;
  /** Content bytes of the entry (regular files; 0 otherwise, hardlinks included). */
  bytes: Float64Array;
  /** Index of the FileRecord in scans[layer].entries; -1 for REMOVED. */
  record: Int32Array;
  /** The previous and next event at the same path (-1: none). */
  prevOfPath: Int32Array;
  nextOfPath: Int32Array;
  /** For a hardlink: the event of the file whose inode it shares (-1: none found). */
  owner: Int32Array;
}

export function newColumns(capacity: number): EventColumns {
  return {
    path: new Int32Array(capacity),
    layer: new Int32Array(capacity),
    kind: new Uint8Array(capacity),
    type: new Uint8Array(capacity),
    bytes: new Float64Array(capacity),
    record: new Int32Array(capacity),
    prevOfPath: new Int32Array(capacity),
    nextOfPath: new Int32Array(capacity),
    owner: new Int32Array(capacity),
  };
}

export function growColumns(c: EventColumns, size: number): EventColumns {
  return {
    path: growInt32(c.path, size, 0),
    layer: growInt32(c.layer, size, 0),
    kind: growUint8(c.kind, size),
    type: growUint8(c.type, size),
    bytes: growFloat64(c.bytes, size),
    record: growInt32(c.record, size, 0),
    prevOfPath: growInt32(c.prevOfPath, size, 0),
    nextOfPath: growInt32(c.nextOfPath, size, 0),
    owner: growInt32(c.owner, size, 0),
  };
}

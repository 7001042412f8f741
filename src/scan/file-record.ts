/**
 * One tar entry of a layer as plain data: what later analysis needs and nothing more.
 * Paths are absolute inside the image ("/app/index.js"). A whiteout record carries the
 * path it deletes; an opaque record carries the directory it empties.
 */
export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'whiteout' | 'opaque' | 'char' | 'block' | 'fifo';

export interface FileRecord {
  path: string;
  type: EntryType;
  /** Bytes of content (regular files only; 0 for everything else). */
  size: number;
  /** Permission bits and set-id/sticky bits (no file-type bits). */
  mode: number;
  /** Owner and group ids; absent when 0 (root), as most entries are. */
  uid?: number;
  gid?: number;
  /** Symlink target, or the path a hardlink points at (absolute, normalized). */
  linkTarget?: string;
  /** True when the name was not valid UTF-8 and `path` shows its bytes escaped as \xNN. */
  rawName?: boolean;
  /** Content hash (hex), when the scan was asked for one. */
  hash?: string;
  /** The content, as UTF-8, of a package manifest or database file (scan/tar/package-metadata.ts). */
  text?: string;
}

export interface LayerCounts {
  files: number;
  dirs: number;
  symlinks: number;
  hardlinks: number;
  whiteouts: number;
  opaques: number;
  /** Character and block devices, FIFOs. */
  other: number;
}

export const emptyCounts = (): LayerCounts => ({
  files: 0,
  dirs: 0,
  symlinks: 0,
  hardlinks: 0,
  whiteouts: 0,
  opaques: 0,
  other: 0,
});

/**
 * Inodes a layer creates when unpacked by overlay2: one per entry, except hardlinks (they
 * share their target's inode) and opaque markers (an xattr on the directory). A whiteout
 * is a 0/0 character device, so it takes one.
 */
export function inodesOf(c: LayerCounts): number {
  return c.files + c.dirs + c.symlinks + c.whiteouts + c.other;
}

export function countRecord(c: LayerCounts, type: EntryType): void {
  switch (type) {
    case 'file':
      c.files++;
      break;
    case 'dir':
      c.dirs++;
      break;
    case 'symlink':
      c.symlinks++;
      break;
    case 'hardlink':
      c.hardlinks++;
      break;
    case 'whiteout':
      c.whiteouts++;
      break;
    case 'opaque':
      c.opaques++;
      break;
    default:
      c.other++;
  }
}

/**
 * What one unpacked layer tree takes on an ext4 backing file system: the disk blocks and
 * inodes of the directory the engine untars the layer into (overlay2's diff/, containerd's
 * snapshot fs/), that directory included. Pure: (FileRecord[], block size) => TreeCost.
 *
 * The ext4 rules (no inline_data, 256-byte inodes; calibrated against a real data root):
 * - a regular file takes ceil(size / B) blocks; an empty file none;
 * - a directory takes one block while its entries fit (see dirBlocks), more when they don't;
 * - a symlink whose target is under 60 bytes lives in its inode ("fast symlink"); a longer
 *   one takes one block;
 * - a hardlink is one more name for its target's inode: no inode, no block, a directory entry;
 * - a whiteout `.wh.NAME` is unpacked as a 0/0 character device NAME: one inode, no block;
 * - an opaque marker becomes an extended attribute on its directory: nothing of its own;
 * - devices and FIFOs: one inode each, no block;
 * - directories a layer writes into without listing them are created all the same.
 * A path written twice in one layer counts once (the later entry wins).
 */
import type { FileRecord } from '../../scan/file-record.js';
import { parentOf } from '../fs/layer-index.js';

export interface Cost {
  bytes: number;
  inodes: number;
}

export const ZERO: Cost = Object.freeze({ bytes: 0, inodes: 0 });

export const addCost = (a: Cost, b: Cost): Cost => ({ bytes: a.bytes + b.bytes, inodes: a.inodes + b.inodes });
export const subCost = (a: Cost, b: Cost): Cost => ({ bytes: a.bytes - b.bytes, inodes: a.inodes - b.inodes });
export const sumCosts = (costs: Iterable<Cost>): Cost => {
  let total = ZERO;
  for (const c of costs) total = addCost(total, c);
  return total;
};

/** Bytes of `size` rounded up to whole blocks. */
export const blocksOf = (size: number, blockSize: number): number => Math.ceil(size / blockSize) * blockSize;

/** Longest symlink target ext4 keeps inside the inode (i_block is 60 bytes). */
export const FAST_SYMLINK_MAX = 59;

/** Share of a block an htree leaf holds on average after the splits that filled it. */
export const HTREE_LEAF_FILL = 0.75;

/** ext4 directory entry: 8 bytes of header, the name padded to 4 bytes. */
export const direntBytes = (nameLength: number): number => 8 + Math.ceil(Math.max(nameLength, 1) / 4) * 4;

/**
 * Disk bytes of an ext4 directory whose entries take `entryBytes` (sum of direntBytes):
 * one block while "." and ".." (24 bytes) and the entries fit; past that, an htree with one
 * index block and leaves about 3/4 full (at least two).
 */
export function dirBytes(entryBytes: number, blockSize: number): number {
  if (24 + entryBytes <= blockSize) return blockSize;
  const leaves = Math.max(2, Math.ceil(entryBytes / (HTREE_LEAF_FILL * blockSize)));
  return (1 + leaves) * blockSize;
}

export interface TreeCost extends Cost {
  /** Of which directories (the root included). */
  dirs: Cost;
}

interface Node {
  type: FileRecord['type'];
  size: number;
  target: number;
}

const nameLength = (path: string): number => Buffer.byteLength(path.slice(path.lastIndexOf('/') + 1));

/** The tree after the layer is unpacked: path -> what is there, every parent directory present. */
function unpackedNodes(entries: FileRecord[]): Map<string, Node> {
  const nodes = new Map<string, Node>([['/', { type: 'dir', size: 0, target: 0 }]]);
  const ensureDir = (dir: string) => {
    for (let d = dir; !nodes.has(d); d = parentOf(d)) nodes.set(d, { type: 'dir', size: 0, target: 0 });
  };
  for (const e of entries) {
    if (e.type === 'opaque') {
      ensureDir(e.path);
      continue;
    }
    const path = e.path.replace(/\/+$/, '') || '/';
    ensureDir(parentOf(path));
    const before = nodes.get(path);
    if (before?.type === 'dir' && e.type === 'dir') continue;
    nodes.set(path, {
      type: e.type,
      size: e.size,
      target: e.type === 'symlink' ? Buffer.byteLength(e.linkTarget ?? '') : 0,
    });
  }
  return nodes;
}

function nodeCost(node: Node, blockSize: number): Cost {
  switch (node.type) {
    case 'file':
      return { bytes: blocksOf(node.size, blockSize), inodes: 1 };
    case 'symlink':
      return { bytes: node.target > FAST_SYMLINK_MAX ? blocksOf(node.target, blockSize) : 0, inodes: 1 };
    case 'hardlink':
    case 'opaque':
      return ZERO;
    default:
      return { bytes: 0, inodes: 1 };
  }
}

export function treeCost(entries: FileRecord[], blockSize: number): TreeCost {
  const nodes = unpackedNodes(entries);
  const direntTotals = new Map<string, number>();
  let other = ZERO;
  for (const [path, node] of nodes) {
    if (path !== '/') {
      const parent = parentOf(path);
      direntTotals.set(parent, (direntTotals.get(parent) ?? 0) + direntBytes(nameLength(path)));
    }
    if (node.type !== 'dir') other = addCost(other, nodeCost(node, blockSize));
  }
  let dirs = ZERO;
  for (const [path, node] of nodes) {
    if (node.type === 'dir')
      dirs = addCost(dirs, { bytes: dirBytes(direntTotals.get(path) ?? 0, blockSize), inodes: 1 });
  }
  return { ...addCost(dirs, other), dirs };
}

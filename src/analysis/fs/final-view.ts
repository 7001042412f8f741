/**
 * The final (union) file system of a layer stack, resolved one path at a time: which entry a
 * container sees at a path, and what it costs. A comparison asks only about the paths the
 * layers above the common base touch, so nothing is built per image beyond a few memos;
 * the per-layer indexes are shared by every image that holds the layer. Pure.
 *
 * The rules are those of mergeLayers (merge.ts), which the tests hold this to:
 * - an entry is hidden by a whiteout of its path or of an ancestor in a higher layer, by an
 *   opaque marker on an ancestor in a higher layer, and by a non-directory a higher layer
 *   writes at an ancestor; a layer never hides its own entries;
 * - a non-directory becomes an (implicit) directory when a higher layer writes below it;
 * - a hardlink shares the inode of the file it names: it costs nothing while that file is
 *   in the view, else it carries the file's bytes and one inode.
 */
import type { FileRecord } from '../../scan/file-record.js';
import type { LayerScan } from '../../scan/layer-scan.js';
import { dirsBelow, entryAt, hidesBelow, layerIndex, parentOf, type LayerIndex } from './layer-index.js';

export interface FinalEntry {
  /** 0-based layer that wrote the visible entry. */
  layer: number;
  record: FileRecord;
  /** Content bytes it costs in the view (regular files; a hardlink whose file is gone: that file's). */
  bytes: number;
  /** 1, or 0 for a hardlink that shares a visible file's inode. */
  inodes: number;
  /** Content hash, when scanned with hashes (a hardlink: its file's). */
  hash?: string;
}

export class FinalView {
  readonly layers: LayerIndex[];
  private readonly hideLevels = new Map<string, number>();
  /** File → the first visible hardlink to it (see firstSurvivingLink), built on first need. */
  private survivingLinks: Map<FileRecord, FileRecord> | undefined;

  constructor(scans: LayerScan[]) {
    this.layers = scans.map(layerIndex);
  }

  /** The entry visible at `path` (absolute, as in FileRecord.path), or undefined. */
  at(path: string): FinalEntry | undefined {
    const found = this.visible(path, this.layers.length - 1);
    return found && this.cost(found.layer, found.record);
  }

  /** The topmost entry at `path` among layers 0..top, honouring what hides it. */
  private visible(path: string, top: number): { layer: number; record: FileRecord } | undefined {
    const last = top === this.layers.length - 1;
    const floor = Math.max(
      last ? this.hideLevel(parentOf(path)) : this.hideLevelUpTo(parentOf(path), top),
      this.whiteoutLevel(path, top),
    );
    for (let L = top; L >= 0 && L >= floor; L--) {
      const record = entryAt(this.layers[L], path);
      if (!record) continue;
      if (record.type !== 'dir' && this.writtenBelow(path, L, top)) return undefined;
      return { layer: L, record };
    }
    return undefined;
  }

  /** Entries strictly below `dir` in layers under the returned level are hidden (-1: none). */
  private hideLevel(dir: string): number {
    const known = this.hideLevels.get(dir);
    if (known !== undefined) return known;
    let level = dir === '/' ? -1 : this.hideLevel(parentOf(dir));
    for (let L = this.layers.length - 1; L > level; L--) {
      if (hidesBelow(this.layers[L], dir)) {
        level = L;
        break;
      }
    }
    this.hideLevels.set(dir, level);
    return level;
  }

  /** hideLevel as the stack of layers 0..top had it (for hardlinks, which name a file as of their layer). */
  private hideLevelUpTo(dir: string, top: number): number {
    let level = -1;
    for (let d = dir; ; d = parentOf(d)) {
      for (let L = top; L > level; L--) if (hidesBelow(this.layers[L], d)) level = L;
      if (d === '/') return level;
    }
  }

  private whiteoutLevel(path: string, top: number): number {
    for (let L = top; L >= 0; L--) if (this.layers[L].whiteouts.has(path)) return L;
    return -1;
  }

  private writtenBelow(path: string, below: number, top = this.layers.length - 1): boolean {
    for (let L = top; L > below; L--) if (dirsBelow(this.layers[L]).has(path)) return true;
    return false;
  }

  private cost(layer: number, record: FileRecord): FinalEntry {
    if (record.type === 'file') return { layer, record, bytes: record.size, inodes: 1, hash: record.hash };
    if (record.type !== 'hardlink') return { layer, record, bytes: 0, inodes: 1 };
    const owner = this.ownerOf(record, layer);
    if (!owner) return { layer, record, bytes: 0, inodes: 1 };
    const carries =
      this.visible(owner.record.path, this.layers.length - 1)?.record !== owner.record &&
      this.firstSurvivingLink(owner.record) === record;
    return { layer, record, bytes: carries ? owner.record.size : 0, inodes: carries ? 1 : 0, hash: owner.record.hash };
  }

  /** Of the visible hardlinks to a file gone from the view, the first (bottom layer first, tar order) keeps its inode. */
  private firstSurvivingLink(file: FileRecord): FileRecord | undefined {
    if (!this.survivingLinks) {
      this.survivingLinks = new Map();
      for (let L = 0; L < this.layers.length; L++) {
        for (const path of this.layers[L].hardlinks) {
          const found = this.visible(path, this.layers.length - 1);
          if (!found || found.layer !== L || found.record.type !== 'hardlink') continue;
          const owner = this.ownerOf(found.record, L)?.record;
          if (owner && !this.survivingLinks.has(owner)) this.survivingLinks.set(owner, found.record);
        }
      }
    }
    return this.survivingLinks.get(file);
  }

  /** The regular file a hardlink of `layer` names, as the view of layers 0..layer had it. */
  private ownerOf(link: FileRecord, layer: number): { layer: number; record: FileRecord } | undefined {
    let target = link.linkTarget;
    for (let hops = 0; target !== undefined && hops < 8; hops++) {
      const found = this.visible(target, layer);
      if (!found || found.record.type === 'file') return found;
      if (found.record.type !== 'hardlink') return undefined;
      target = found.record.linkTarget;
      layer = found.layer;
    }
    return undefined;
  }
}

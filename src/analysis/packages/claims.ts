/**
 * Ownership of paths by file list, on top of the directory-tree owners: a path a tree
 * package owns (npm, a Python .dist-info) stays its; Python file lists come before dpkg and
 * apk ones; within one tier a directory listed by more than one package is nobody's (/usr/bin),
 * and a non-directory listed twice stays with the first. Pure.
 */
import { T_DIR, type MergedFs } from '../fs/merge.js';
import type { ListedPackage } from './found-package.js';
import type { Notes } from './notes.js';
import type { Ecosystem } from './package-model.js';
import { PathResolver } from './resolve-path.js';

/** Tiers: 0 the directory trees, 1 Python file lists, 2 dpkg and apk; FREE: nobody yet. */
const FREE = 255;
const SHARED = -2;

const MISSING: Record<Ecosystem, string> = {
  npm: 'paths npm file lists name that are not in the final file system',
  deb: 'paths dpkg file lists (info/*.list) name that are not in the final file system',
  apk: 'paths the apk database names that are not in the final file system',
  python: 'paths Python RECORD or installed-files.txt files name that are not in the final file system',
};

export class Claims {
  private readonly tier: Uint8Array;
  private readonly resolver: PathResolver;

  /** `owner`: the tree owners (package index or -1 per path id); claims are written into it. */
  constructor(
    private readonly fs: MergedFs,
    private readonly owner: Int32Array,
    private readonly notes: Notes,
  ) {
    this.tier = new Uint8Array(owner.length).fill(FREE);
    for (let id = 0; id < owner.length; id++) if (owner[id] >= 0) this.tier[id] = 0;
    this.resolver = new PathResolver(fs);
  }

  /** The paths `listed` names become package `index`'s, in `tier` (1 or 2). */
  claimList(index: number, listed: ListedPackage, tier: number): void {
    for (const path of listed.paths) {
      const id = this.resolver.idOf(path);
      if (id < 0 || this.fs.live[id] < 0) this.notes.add(MISSING[listed.found.ecosystem], path);
      if (id <= 0) continue;
      this.claim(index, id, tier);
      if (listed.impliedDirsBelow !== undefined) this.claimDirsBelow(index, id, listed.impliedDirsBelow, tier);
    }
  }

  /** The directories between `top` and `id`, when `id` is below `top` (one walk up, stopping at one already claimed). */
  private claimDirsBelow(index: number, id: number, top: number, tier: number): void {
    const parent = this.fs.paths.parent;
    const dirs: number[] = [];
    let d = parent[id];
    while (d > 0 && d !== top && this.owner[d] !== index) {
      dirs.push(d);
      d = parent[d];
    }
    if (d !== top && (d <= 0 || this.owner[d] !== index)) return;
    for (const dir of dirs) this.claim(index, dir, tier);
  }

  /** The owners, a shared directory's left at -1. */
  result(): Int32Array {
    for (let id = 0; id < this.owner.length; id++) if (this.owner[id] === SHARED) this.owner[id] = -1;
    return this.owner;
  }

  private claim(index: number, id: number, tier: number): void {
    const held = this.tier[id];
    if (held < tier) return;
    if (held > tier) {
      this.owner[id] = index;
      this.tier[id] = tier;
    } else if (this.owner[id] !== index && this.isDir(id)) this.owner[id] = SHARED;
  }

  private isDir(id: number): boolean {
    const e = this.fs.live[id];
    return e >= 0 ? this.fs.events.type[e] === T_DIR : this.fs.paths.firstChild[id] >= 0;
  }
}

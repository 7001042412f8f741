/**
 * One walk over the path tree that finds the packages owning a directory tree — npm packages
 * (node_modules/NAME, node_modules/@SCOPE/NAME with a package.json, at every depth, pnpm's
 * .pnpm store included), yarn's cache zips, Python .dist-info and .egg-info directories —
 * and gives every path the package whose tree holds it. A package's nested node_modules/ is
 * not its own, nor is node_modules/ itself, a scope directory or .bin. Parents have smaller
 * ids than their children, so a path inherits its parent's owner in id order. Pure.
 */
import { T_DIR, T_FILE, type MergedFs } from '../fs/merge.js';
import { isLiveFile } from './metadata-text.js';

export type RootKind = 'npm' | 'yarn-zip' | 'dist-info' | 'egg-info';

export interface TreeRoot {
  id: number;
  kind: RootKind;
}

export interface PackageTree {
  /** Per path id: the index into `roots` of the package whose tree holds it, or -1. */
  owner: Int32Array;
  roots: TreeRoot[];
  /** Path ids of node_modules directories with no node_modules above them (an app's). */
  appNodeModules: number[];
}

const NODE_MODULES = 1;
const SCOPE = 2;

export function packageTree(fs: MergedFs): PackageTree {
  const { names, parent } = fs.paths;
  const n = fs.paths.size;
  const owner = new Int32Array(n).fill(-1);
  const state = new Uint8Array(n);
  const tree: PackageTree = { owner, roots: [], appNodeModules: [] };
  for (let id = 1; id < n; id++) {
    const p = parent[id];
    const name = names[id];
    if (state[p] !== 0 && inNodeModules(fs, id, name, names[p].length, state)) {
      if (state[id] === 0) addRoot(tree, id, 'npm');
      continue;
    }
    const last = name.charCodeAt(name.length - 1);
    if (last === 0x73 /* s */ && name.endsWith('/node_modules') && isDir(fs, id)) {
      state[id] = NODE_MODULES;
      if (!name.includes('/node_modules/')) tree.appNodeModules.push(id);
      continue;
    }
    // Only .dist-info, .egg-info (both end in o) and .zip (p) can start a tree here.
    const kind = last === 0x6f || last === 0x70 ? rootKind(fs, id, name) : undefined;
    if (kind) addRoot(tree, id, kind);
    else owner[id] = owner[p];
  }
  return tree;
}

/**
 * A child of node_modules/ or of a scope in it: true when it is a scope (state set) or a
 * package (state left 0); false for anything else (.bin, .pnpm, a directory without a
 * package.json), which then falls to the ordinary rules with no owner above it.
 */
function inNodeModules(fs: MergedFs, id: number, name: string, parentLength: number, state: Uint8Array): boolean {
  const first = name.charCodeAt(parentLength + 1);
  if (state[fs.paths.parent[id]] === NODE_MODULES && first === 0x40 /* @ */) {
    state[id] = SCOPE;
    return true;
  }
  return first !== 0x2e /* . */ && isDir(fs, id) && isLiveFile(fs, fs.paths.idOf(`${name}/package.json`));
}

function rootKind(fs: MergedFs, id: number, name: string): RootKind | undefined {
  if (name.endsWith('.dist-info')) return hasFile(fs, name, 'RECORD') ? 'dist-info' : undefined;
  if (name.endsWith('.egg-info')) return hasFile(fs, name, 'installed-files.txt') ? 'egg-info' : undefined;
  if (!name.endsWith('.zip')) return undefined;
  const dir = fs.paths.names[fs.paths.parent[id]];
  const inCache = dir.endsWith('/.yarn/cache') || dir.endsWith('/.yarn/berry/cache');
  const e = fs.live[id];
  return inCache && e >= 0 && fs.events.type[e] === T_FILE ? 'yarn-zip' : undefined;
}

function addRoot(tree: PackageTree, id: number, kind: RootKind): void {
  tree.owner[id] = tree.roots.length;
  tree.roots.push({ id, kind });
}

const hasFile = (fs: MergedFs, dir: string, name: string) =>
  isDir(fs, fs.paths.idOf(dir)) && isLiveFile(fs, fs.paths.idOf(`${dir}/${name}`));

/** A directory of the final file system: a live directory entry, or an implied parent of live entries. */
function isDir(fs: MergedFs, id: number): boolean {
  const e = fs.live[id];
  if (e >= 0) return fs.events.type[e] === T_DIR;
  return fs.paths.firstChild[id] >= 0;
}

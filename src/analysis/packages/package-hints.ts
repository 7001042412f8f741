/**
 * The node_modules hints of inspect, naming their biggest packages: a hint says how much a
 * node_modules holds, the names say where to start. Read from the final file system's
 * directory roll-up, which inspect has already made: a package's bytes are those below its
 * directory but not below its own node_modules/ — what `packages` counts as its own — so
 * naming them costs a lookup per package, not another pass over every entry. Pure.
 */
import type { Rollup } from '../fs/directory-rollup.js';
import type { Hint } from '../hints/hints.js';
import { npmPackage } from './npm-packages.js';
import { Notes } from './notes.js';

/** Packages named in each node_modules hint. */
const NAMED = 3;

/** `hints`, each present node_modules hint with the largest packages below its path (largest first). */
export function withLargestPackages(hints: Hint[], r: Rollup): Hint[] {
  return hints.map((h) => {
    if (h.kind !== 'node-modules' || h.status !== 'present' || h.path === null) return h;
    const largest = largestPackages(r, h.path);
    return largest.length > 0 ? { ...h, largestPackages: largest } : h;
  });
}

interface Candidate {
  id: number;
  bytes: number;
}

/** The NAMED largest npm packages at any depth below the node_modules at `path`. */
function largestPackages(r: Rollup, path: string): NonNullable<Hint['largestPackages']> {
  const { fs } = r;
  const top: Candidate[] = [];
  const consider = (c: Candidate) => {
    top.push(c);
    top.sort((a, b) => b.bytes - a.bytes || a.id - b.id);
    if (top.length > NAMED) top.pop();
  };
  const live = (p: string) => {
    const id = fs.paths.idOf(p);
    return id >= 0 && fs.live[id] >= 0 ? id : -1;
  };
  // Directories named node_modules still to look into; each package's own is pushed as it is met.
  const stack = [live(path)];
  while (stack.length > 0) {
    const nm = stack.pop()!;
    if (nm < 0) continue;
    for (const dir of packageDirs(r, nm)) {
      const own = fs.paths.names[dir];
      if (live(`${own}/package.json`) < 0) continue;
      const nested = live(`${own}/node_modules`);
      consider({ id: dir, bytes: r.bytes[dir] - (nested >= 0 ? r.bytes[nested] : 0) });
      stack.push(nested);
    }
  }
  const notes = new Notes();
  return top.map(({ id, bytes }) => {
    const p = npmPackage(fs, id, notes);
    return { name: p.name, version: p.version, bytes };
  });
}

/** The directories of a node_modules that may be packages: NAME and @SCOPE/NAME (not .bin, .pnpm, …). */
function packageDirs(r: Rollup, nm: number): number[] {
  const { paths } = r.fs;
  const out: number[] = [];
  const children = (id: number, visit: (c: number) => void) => {
    for (let c = paths.firstChild[id]; c >= 0; c = paths.nextSibling[c]) if (r.isDir[c] === 1) visit(c);
  };
  children(nm, (c) => {
    const base = paths.names[c].slice(paths.names[c].lastIndexOf('/') + 1);
    if (base.startsWith('@')) children(c, (s) => out.push(s));
    else if (!base.startsWith('.')) out.push(c);
  });
  return out;
}

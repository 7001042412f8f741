/**
 * The final file system of built layers, unpacked by GNU tar into a directory, and figures
 * counted there with node:fs: the independent count the package report is checked against.
 * Whiteouts and opaque markers of a layer are applied to the lower layers before the layer
 * is extracted (OCI image spec, "Applying Changesets").
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BuiltLayer } from '../fixtures/image-builder/index.js';

export function unpackLayers(layers: BuiltLayer[], root: string, scratch: string): void {
  layers.forEach((layer, i) => {
    const tarFile = join(scratch, `layer${i}.tar`);
    writeFileSync(tarFile, layer.tar);
    const members = execFileSync('tar', ['-tf', tarFile], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const member of members) {
      const name = basename(member);
      if (name === '.wh..wh..opq') {
        const dir = join(root, dirname(member));
        for (const child of safeReaddir(dir)) rmSync(join(dir, child), { recursive: true, force: true });
      } else if (name.startsWith('.wh.')) {
        rmSync(join(root, dirname(member), name.slice(4)), { recursive: true, force: true });
      }
    }
    execFileSync('tar', ['-xf', tarFile, '-C', root, '--no-same-owner', '--exclude=.wh.*']);
  });
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Bytes and regular files of distinct inodes, and distinct inodes, of a set of paths. */
export class InodeCount {
  private readonly seen = new Set<number>();
  bytes = 0;
  files = 0;

  get inodes(): number {
    return this.seen.size;
  }

  /** Counts `path` (not followed when a symlink); false when it does not exist. */
  add(path: string, opts: { filesOnly?: boolean } = {}): boolean {
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return false;
    }
    if (opts.filesOnly && !st.isFile()) return true;
    if (this.seen.has(st.ino)) return true;
    this.seen.add(st.ino);
    if (st.isFile()) {
      this.bytes += st.size;
      this.files++;
    }
    return true;
  }

  /** `dir` and everything below it, except directories named in `skip`. */
  addTree(dir: string, skip: string[] = []): void {
    this.add(dir);
    if (!lstatSync(dir).isDirectory()) return;
    for (const child of readdirSync(dir)) {
      const path = join(dir, child);
      if (skip.includes(child) && lstatSync(path).isDirectory()) continue;
      this.addTree(path, skip);
    }
  }
}

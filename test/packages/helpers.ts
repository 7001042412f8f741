/** Images with package trees and databases, built by code, scanned for real, merged and attributed. */
import { mergeLayers, type MergedFs } from '../../src/analysis/fs/merge.js';
import { findPackages } from '../../src/analysis/packages/find-packages.js';
import type { PackageInstance, PackageReport } from '../../src/analysis/packages/package-model.js';
import type { EntrySpec } from '../fixtures/image-builder/index.js';
import { scanBuilt } from '../analysis/helpers.js';

export const dir = (path: string): EntrySpec => ({ type: 'dir', path });
export const file = (path: string, size: number): EntrySpec => ({ type: 'file', path, size });
export const text = (path: string, content: string): EntrySpec => ({ type: 'file', path, content });
export const json = (path: string, value: unknown): EntrySpec => text(path, JSON.stringify(value));

/** An npm package directory: package.json and `files` (relative path -> size). */
export function npmPackage(root: string, name: string, version: string, files: Record<string, number>): EntrySpec[] {
  const out: EntrySpec[] = [dir(root), json(`${root}/package.json`, { name, version })];
  const dirs = new Set<string>();
  for (const [path, size] of Object.entries(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const sub = `${root}/${parts.slice(0, i).join('/')}`;
      if (!dirs.has(sub)) out.push(dir(sub));
      dirs.add(sub);
    }
    out.push(file(`${root}/${path}`, size));
  }
  return out;
}

/** The bytes of package.json as npmPackage writes it. */
export const manifestBytes = (name: string, version: string) => Buffer.byteLength(JSON.stringify({ name, version }));

export async function packagesOf(layers: EntrySpec[][]): Promise<{ fs: MergedFs; report: PackageReport }> {
  const fs = mergeLayers(await scanBuilt({ layers: layers.map((entries) => ({ entries })) }));
  return { fs, report: findPackages(fs) };
}

/** The instance at `path` (and with `name`, when several share the path: deb, apk). */
export function instance(report: PackageReport, path: string, name?: string): PackageInstance {
  const found = report.packages.filter((p) => p.path === path && (name === undefined || p.name === name));
  if (found.length !== 1) throw new Error(`${found.length} packages at ${path} ${name ?? ''}`);
  return found[0];
}

/** The figures of an instance, for one toEqual. */
export const figures = (p: PackageInstance) => ({
  bytes: p.bytes,
  files: p.files,
  inodes: p.inodes,
  addedIn: p.addedIn,
  changedIn: p.changedIn,
});

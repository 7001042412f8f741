/**
 * Which npm package directories hold dev dependencies, as the app that installed them says:
 * its package-lock.json (lockfileVersion 2 or 3: `packages` maps each installed path,
 * relative to the app, to its entry, `"dev": true` for dev-only ones), else its package.json
 * (devDependencies that are not also dependencies: the direct ones only). The app is the
 * directory that holds a node_modules/ with none above it. Pure.
 */
import type { MergedFs } from '../fs/merge.js';
import { isObject, metadataText, parseJsonObject, type JsonObject } from './metadata-text.js';
import type { Notes } from './notes.js';

export class DevDependencies {
  /** From lockfiles: every path they list, true when dev. They decide where they speak. */
  private readonly locked = new Map<string, boolean>();
  /** From package.json: app/node_modules/NAME of each direct dev dependency. */
  private readonly declared = new Set<string>();

  constructor(fs: MergedFs, appNodeModules: number[], notes: Notes) {
    for (const id of appNodeModules) this.readApp(fs, fs.paths.names[fs.paths.parent[id]], notes);
  }

  /** Whether the package at `path` (its directory) is a dev dependency; undefined when nothing says. */
  isDev(path: string): boolean | undefined {
    const locked = this.locked.get(path);
    if (locked !== undefined) return locked;
    return this.declared.has(path) ? true : undefined;
  }

  private readApp(fs: MergedFs, app: string, notes: Notes): void {
    const base = app === '/' ? '' : app;
    const lock = metadataText(fs, `${base}/package-lock.json`);
    const packages = lock.state === 'kept' ? parseJsonObject(lock.text)?.packages : undefined;
    if (isObject(packages)) return this.readLock(base, packages);
    if (lock.state !== 'absent')
      notes.add('package-lock.json files without a packages map (v2/v3)', `${base}/package-lock.json`);
    const manifest = metadataText(fs, `${base}/package.json`);
    const parsed = manifest.state === 'kept' ? parseJsonObject(manifest.text) : undefined;
    if (parsed) this.readManifest(base, parsed);
  }

  private readLock(base: string, packages: JsonObject): void {
    for (const [key, entry] of Object.entries(packages)) {
      if (key === '' || !isObject(entry)) continue;
      this.locked.set(`${base}/${key}`, entry.dev === true);
    }
  }

  private readManifest(base: string, manifest: JsonObject): void {
    const dev = manifest.devDependencies;
    if (!isObject(dev)) return;
    const shipped = (field: string) => (isObject(manifest[field]) ? (manifest[field] as JsonObject) : {});
    const prod = [shipped('dependencies'), shipped('optionalDependencies'), shipped('peerDependencies')];
    for (const name of Object.keys(dev)) {
      if (prod.some((deps) => Object.hasOwn(deps, name))) continue;
      this.declared.add(`${base}/node_modules/${name}`);
    }
  }
}

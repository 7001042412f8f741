/**
 * npm package instances from their directories: name and version from the package.json the
 * scan kept, else from the directory (node_modules/NAME, node_modules/@SCOPE/NAME; in pnpm's
 * store the version is in node_modules/.pnpm/NAME@VERSION/); yarn's cache zips
 * (.yarn/cache/NAME-npm-VERSION-HASH.zip) named from the file. Pure.
 */
import type { MergedFs } from '../fs/merge.js';
import type { FoundPackage } from './found-package.js';
import { topLevelStrings } from './json-fields.js';
import { metadataText, shortString } from './metadata-text.js';
import type { Notes } from './notes.js';

/** npm's own limit on a name is 214 characters; a version string has no limit, so one is set. */
const MAX_NAME = 214;
const MAX_VERSION = 256;

const FIELDS = ['name', 'version'];
const PNPM = /\/node_modules\/\.pnpm\/([^/]+)\/node_modules\/((?:@[^/]+\/)?[^/]+)$/;

export function npmPackage(fs: MergedFs, id: number, notes: Notes): FoundPackage {
  const path = fs.paths.names[id];
  const manifestPath = `${path}/package.json`;
  const meta = metadataText(fs, manifestPath);
  const pnpm = path.includes('/node_modules/.pnpm/') ? PNPM.exec(path) : null;
  const fromDir = pnpm ? pnpmName(pnpm[1], pnpm[2]) : { name: dirName(path), version: '' };
  const found: FoundPackage = {
    ecosystem: 'npm',
    name: fromDir.name,
    version: fromDir.version,
    path,
    metadataId: fs.paths.idOf(manifestPath),
  };
  if (meta.state !== 'kept') {
    // pnpm hardlinks package.json from its store, whose files the scan does not keep: the directory says enough.
    if (!pnpm)
      notes.add('npm package.json files the scan did not keep (name from the directory, no version)', manifestPath);
    return found;
  }
  const manifest = topLevelStrings(meta.text, FIELDS);
  if (!manifest) {
    notes.add('npm package.json files that are not a JSON object (name from the directory)', manifestPath);
    return found;
  }
  found.name = shortString(manifest.get('name'), MAX_NAME) ?? found.name;
  found.version = shortString(manifest.get('version'), MAX_VERSION) ?? found.version;
  return found;
}

/** NAME or @SCOPE/NAME: what follows the last node_modules/ of a package directory. */
function dirName(path: string): string {
  return path.slice(path.lastIndexOf('/node_modules/') + '/node_modules/'.length);
}

/** .pnpm/@scope+name@1.2.3_peer@4 (or (peer@4)) → @scope/name, 1.2.3. */
function pnpmName(storeDir: string, name: string): { name: string; version: string } {
  const prefix = `${name.replace('/', '+')}@`;
  if (!storeDir.startsWith(prefix)) return { name, version: '' };
  const rest = storeDir.slice(prefix.length);
  const end = rest.search(/[_(]/);
  return { name, version: end < 0 ? rest : rest.slice(0, end) };
}

/**
 * A yarn (berry) cache zip: NAME-npm-VERSION-HASH[-CHECKSUM].zip, a scope written @SCOPE-NAME.
 * Other protocols (patch, git, …) give the name before the protocol and no version.
 */
export function yarnZipPackage(fs: MergedFs, id: number): FoundPackage {
  const path = fs.paths.names[id];
  const stem = path.slice(path.lastIndexOf('/') + 1, -'.zip'.length);
  const match = /^(.+?)-(npm|patch|git|github|http|https|file|link|portal|exec|workspace)-(.*)$/.exec(stem);
  let name = match ? match[1] : stem;
  if (name.startsWith('@') && name.includes('-')) name = name.replace('-', '/');
  const version = match?.[2] === 'npm' ? yarnVersion(match[3]) : '';
  return { ecosystem: 'npm', name, version, path, metadataId: id };
}

/** VERSION-HASH[-CHECKSUM]: the version without the trailing hex hashes. */
function yarnVersion(rest: string): string {
  const parts = rest.split('-');
  for (let dropped = 0; dropped < 2 && parts.length > 1 && /^[0-9a-f]{6,}$/.test(parts[parts.length - 1]); dropped++)
    parts.pop();
  return parts.join('-');
}

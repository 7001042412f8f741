/**
 * Debian packages from the dpkg database: /var/lib/dpkg/status (and distroless's
 * status.d/*, one file a package), installed stanzas only ("… ok installed": the files are
 * on disk whatever the selection), their files from info/NAME.list or info/NAME:ARCH.list
 * (distroless: status.d/NAME.md5sums). A Multi-Arch: same package is named NAME:ARCH, as dpkg
 * names its list. Installed-Size is KiB. Pure.
 */
import type { MergedFs } from '../fs/merge.js';
import { parseStanzas, type Stanza } from './control-stanzas.js';
import type { ListedPackage } from './found-package.js';
import { decimal, lines, metadataText, metadataTextOf, shortString } from './metadata-text.js';
import type { Notes } from './notes.js';
import { normalizePath } from './resolve-path.js';

const STATUS = '/var/lib/dpkg/status';
const STATUS_D = '/var/lib/dpkg/status.d';
const INFO = '/var/lib/dpkg/info';
const MAX_FIELD = 256;

export function dpkgPackages(fs: MergedFs, notes: Notes): ListedPackage[] {
  const out: ListedPackage[] = [];
  const status = metadataText(fs, STATUS);
  if (status.state === 'not-kept') notes.add('dpkg status the scan did not keep (Debian packages not listed)', STATUS);
  if (status.state === 'kept')
    for (const s of parseStanzas(status.text)) addStanza(fs, s, STATUS, status.id, out, notes);
  for (const id of statusDFiles(fs)) {
    const path = fs.paths.names[id];
    const meta = metadataTextOf(fs, id);
    if (meta.state === 'kept') for (const s of parseStanzas(meta.text)) addStanza(fs, s, path, id, out, notes);
    else if (meta.state === 'not-kept') notes.add('dpkg status.d files the scan did not keep', path);
  }
  return out;
}

/** status.d's files in the final file system, md5sums lists aside. */
function statusDFiles(fs: MergedFs): number[] {
  const dir = fs.paths.idOf(STATUS_D);
  if (dir < 0) return [];
  return fs.paths
    .childIds(dir)
    .filter((id) => fs.live[id] >= 0 && !fs.paths.names[id].endsWith('.md5sums'))
    .sort((a, b) => (fs.paths.names[a] < fs.paths.names[b] ? -1 : 1));
}

function addStanza(fs: MergedFs, s: Stanza, db: string, dbId: number, out: ListedPackage[], notes: Notes): void {
  const pkg = shortString(s.get('package'), MAX_FIELD);
  const status = s.get('status');
  const installed = status === undefined ? db !== STATUS : /^\S+ ok installed$/.test(status);
  if (!pkg || !installed || pkg.includes('/')) return;
  const arch = shortString(s.get('architecture'), MAX_FIELD);
  const multiArch = s.get('multi-arch') === 'same' && arch !== undefined && !arch.includes('/');
  const name = multiArch ? `${pkg}:${arch}` : pkg;
  const kib = decimal(s.get('installed-size'));
  const list = fileList(fs, db, pkg, arch, multiArch);
  if (list.paths === undefined)
    notes.add('Debian packages without a file list the scan kept (their files are unclaimed)', name);
  out.push({
    found: {
      ecosystem: 'deb',
      name,
      version: shortString(s.get('version'), MAX_FIELD) ?? '',
      path: db,
      ...(kib === undefined ? {} : { declaredBytes: kib * 1024 }),
      metadataId: list.id >= 0 ? list.id : dbId,
    },
    paths: list.paths ?? [],
  });
}

/** The package's file list: info/NAME:ARCH.list or info/NAME.list (the one dpkg would write first), or status.d's md5sums. */
function fileList(
  fs: MergedFs,
  db: string,
  pkg: string,
  arch: string | undefined,
  multiArch: boolean,
): { id: number; paths?: string[] } {
  const withArch = arch === undefined ? [] : [`${INFO}/${pkg}:${arch}.list`];
  const plain = [`${INFO}/${pkg}.list`];
  const candidates = multiArch ? [...withArch, ...plain] : [...plain, ...withArch];
  for (const path of candidates) {
    const meta = metadataText(fs, path);
    if (meta.state === 'kept') return { id: meta.id, paths: listPaths(meta.text) };
    if (meta.state === 'not-kept') return { id: meta.id };
  }
  if (db === STATUS) return { id: -1 };
  const md5 = metadataText(fs, `${db}.md5sums`);
  return md5.state === 'kept' ? { id: md5.id, paths: md5sumsPaths(md5.text) } : { id: -1 };
}

/** A .list: one absolute path a line ("/." for the root). */
function listPaths(text: string): string[] {
  return lines(text)
    .filter((l) => l.startsWith('/') && l !== '/.')
    .map(normalizePath);
}

/** An md5sums list: "HASH  relative/path" a line. */
function md5sumsPaths(text: string): string[] {
  const out: string[] = [];
  for (const line of lines(text)) {
    const m = /^[0-9a-f]+ [ *]?(.+)$/i.exec(line);
    if (m) out.push(normalizePath(`/${m[1].replace(/^\s+/, '')}`));
  }
  return out;
}

/**
 * Python distributions from their metadata directories: NAME-VERSION.dist-info with its
 * RECORD (CSV, the first column a path relative to the directory that holds the dist-info,
 * site-packages or dist-packages), and NAME[-VERSION…].egg-info with installed-files.txt
 * (paths relative to the egg-info) and PKG-INFO (Name:, Version:). The package owns its
 * metadata directory, the files listed and the directories between them and site-packages
 * that no other package needs. Pure.
 */
import type { MergedFs } from '../fs/merge.js';
import { parseStanzas } from './control-stanzas.js';
import type { ListedPackage } from './found-package.js';
import { lines, metadataText, shortString } from './metadata-text.js';
import type { Notes } from './notes.js';
import { normalizePath } from './resolve-path.js';

const MAX_FIELD = 256;

export function distInfoPackage(fs: MergedFs, id: number, notes: Notes): ListedPackage {
  const path = fs.paths.names[id];
  const stem = path.slice(path.lastIndexOf('/') + 1, -'.dist-info'.length);
  const dash = stem.indexOf('-');
  const sitePackages = fs.paths.parent[id];
  const record = metadataText(fs, `${path}/RECORD`);
  if (record.state !== 'kept')
    notes.add('Python RECORD files the scan did not keep (only the dist-info is attributed)', `${path}/RECORD`);
  return {
    found: {
      ecosystem: 'python',
      name: dash < 0 ? stem : stem.slice(0, dash),
      version: dash < 0 ? '' : stem.slice(dash + 1),
      path,
      metadataId: record.state === 'absent' ? id : record.id,
    },
    paths: record.state === 'kept' ? recordPaths(record.text, fs.paths.names[sitePackages]) : [],
    impliedDirsBelow: sitePackages,
  };
}

export function eggInfoPackage(fs: MergedFs, id: number, notes: Notes): ListedPackage {
  const path = fs.paths.names[id];
  const stem = path.slice(path.lastIndexOf('/') + 1, -'.egg-info'.length);
  const dash = stem.indexOf('-');
  const installed = metadataText(fs, `${path}/installed-files.txt`);
  if (installed.state !== 'kept')
    notes.add('Python installed-files.txt the scan did not keep (only the egg-info is attributed)', path);
  const info = metadataText(fs, `${path}/PKG-INFO`);
  const header = info.state === 'kept' ? parseStanzas(info.text)[0] : undefined;
  return {
    found: {
      ecosystem: 'python',
      name: shortString(header?.get('name'), MAX_FIELD) ?? (dash < 0 ? stem : stem.slice(0, dash)),
      version: shortString(header?.get('version'), MAX_FIELD) ?? '',
      path,
      metadataId: installed.state === 'absent' ? id : installed.id,
    },
    paths:
      installed.state === 'kept'
        ? lines(installed.text)
            .filter((l) => l.trim() !== '')
            .map((l) => resolveAgainst(path, l.trim()))
        : [],
    impliedDirsBelow: fs.paths.parent[id],
  };
}

/** The first CSV column of each RECORD line (quoted when it holds a comma or quote), against `dir`. */
function recordPaths(text: string, dir: string): string[] {
  const out: string[] = [];
  for (const line of lines(text)) {
    const field = firstCsvField(line);
    if (field !== '') out.push(resolveAgainst(dir, field));
  }
  return out;
}

function firstCsvField(line: string): string {
  if (!line.startsWith('"')) {
    const comma = line.indexOf(',');
    return comma < 0 ? line : line.slice(0, comma);
  }
  let out = '';
  for (let i = 1; i < line.length; i++) {
    if (line[i] !== '"') out += line[i];
    else if (line[i + 1] === '"') out += line[++i];
    else break;
  }
  return out;
}

const resolveAgainst = (dir: string, path: string) => normalizePath(path.startsWith('/') ? path : `${dir}/${path}`);

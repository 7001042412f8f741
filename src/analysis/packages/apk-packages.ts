/**
 * Alpine packages from /lib/apk/db/installed: one stanza a package, "K:value" lines
 * (P: name, V: version, I: installed size in bytes, F: a directory, R: a file in the last
 * F: directory; paths relative to the root), stanzas separated by blank lines. Pure.
 */
import type { MergedFs } from '../fs/merge.js';
import type { ListedPackage } from './found-package.js';
import { decimal, lines, metadataText, shortString } from './metadata-text.js';
import type { Notes } from './notes.js';
import { normalizePath } from './resolve-path.js';

const INSTALLED = '/lib/apk/db/installed';
const MAX_FIELD = 256;

interface Draft {
  fields: Map<string, string>;
  paths: string[];
  dir: string;
}

export function apkPackages(fs: MergedFs, notes: Notes): ListedPackage[] {
  const db = metadataText(fs, INSTALLED);
  if (db.state === 'not-kept') notes.add('apk database the scan did not keep (Alpine packages not listed)', INSTALLED);
  if (db.state !== 'kept') return [];
  const out: ListedPackage[] = [];
  let draft: Draft | undefined;
  const finish = () => {
    if (draft) pushPackage(draft, db.id, out);
    draft = undefined;
  };
  for (const line of lines(db.text)) {
    if (line === '') {
      finish();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') continue;
    draft ??= { fields: new Map(), paths: [], dir: '' };
    readLine(draft, line[0], line.slice(2));
  }
  finish();
  return out;
}

function readLine(draft: Draft, key: string, value: string): void {
  if (key === 'F') {
    draft.dir = normalizePath(`/${value}`);
    draft.paths.push(draft.dir);
  } else if (key === 'R') draft.paths.push(normalizePath(`${draft.dir}/${value}`));
  else if (!draft.fields.has(key)) draft.fields.set(key, value);
}

function pushPackage(draft: Draft, dbId: number, out: ListedPackage[]): void {
  const name = shortString(draft.fields.get('P'), MAX_FIELD);
  if (!name) return;
  const size = decimal(draft.fields.get('I'));
  out.push({
    found: {
      ecosystem: 'apk',
      name,
      version: shortString(draft.fields.get('V'), MAX_FIELD) ?? '',
      path: INSTALLED,
      ...(size === undefined ? {} : { declaredBytes: size }),
      metadataId: dbId,
    },
    paths: draft.paths,
  });
}

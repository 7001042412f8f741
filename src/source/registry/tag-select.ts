/**
 * Choosing release tags for `series --tags`: the last N versions, or the versions in a semver
 * range. Only tags that read as versions take part (`1.4`, `v1.4.2`, `1.4.2-rc.1`); `latest`,
 * `main` and commit tags do not. Versions are ordered as semver orders them, oldest first.
 * Pure.
 */
import semver from 'semver';
import { usageError } from '../../errors.js';

export interface TagSelection {
  /** The chosen tags, oldest first. */
  tags: string[];
  /** Tags that were left out because they are not versions. */
  ignored: string[];
}

const VERSION_TAG = /^v?\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?$/;

/** A positive whole number (the last N versions) or a semver range; checked before any I/O. */
export function parseTagSpec(spec: string): { last: number } | { range: string } {
  if (/^[1-9]\d{0,3}$/.test(spec.trim())) return { last: Number(spec) };
  const range = semver.validRange(spec, { loose: true });
  if (!range)
    throw usageError(
      `--tags: "${spec}" is neither a number of tags nor a semver range`,
      'for example --tags 5, or --tags ">=1.2 <2"',
    );
  return { range: spec };
}

function versionOf(tag: string): semver.SemVer | null {
  if (!VERSION_TAG.test(tag)) return null;
  return semver.parse(tag, { loose: true }) ?? semver.coerce(tag, { includePrerelease: true });
}

export function selectTags(all: string[], spec: { last: number } | { range: string }): TagSelection {
  const versions: Array<{ tag: string; version: semver.SemVer }> = [];
  const ignored: string[] = [];
  for (const tag of all) {
    const version = versionOf(tag);
    if (version) versions.push({ tag, version });
    else ignored.push(tag);
  }
  versions.sort((a, b) => semver.compare(a.version, b.version) || a.tag.localeCompare(b.tag));
  const chosen =
    'last' in spec
      ? versions.slice(-spec.last)
      : versions.filter((v) => semver.satisfies(v.version, spec.range, { loose: true, includePrerelease: false }));
  return { tags: chosen.map((v) => v.tag), ignored };
}

/**
 * FinalView resolves paths one at a time; mergeLayers builds the whole union view. On stacks
 * full of corner cases they must agree on every path: present or not, type, bytes, inodes.
 */
import { describe, expect, it } from 'vitest';
import { mergeLayers, TYPE_NAMES } from '../../src/analysis/fs/merge.js';
import { viewEntries } from '../../src/analysis/fs/merged-queries.js';
import { FinalView } from '../../src/analysis/fs/final-view.js';
import type { LayerScan } from '../../src/scan/layer-scan.js';
import { scans } from '../analysis/helpers.js';

function agree(layers: LayerScan[]): Array<[string, string | null, number, number]> {
  const fs = mergeLayers(layers);
  const view = viewEntries(fs, { kind: 'final' });
  const at = new Map<number, number>();
  view.events.forEach((e, i) => at.set(e, i));
  const finalView = new FinalView(layers);
  const seen: Array<[string, string | null, number, number]> = [];
  for (let id = 1; id < fs.paths.size; id++) {
    const path = fs.paths.names[id];
    const e = fs.live[id];
    const merged: [string, string | null, number, number] =
      e < 0
        ? [path, null, 0, 0]
        : [path, TYPE_NAMES[fs.events.type[e]], view.bytes[at.get(e)!], view.inodes[at.get(e)!]];
    const entry = finalView.at(path);
    const resolved: [string, string | null, number, number] = entry
      ? [path, entry.record.type, entry.bytes, entry.inodes]
      : [path, null, 0, 0];
    expect(resolved).toEqual(merged);
    seen.push(resolved);
  }
  return seen;
}

describe('FinalView agrees with mergeLayers', () => {
  it('whiteouts of files and directories, opaque directories, re-creation in the same layer', () => {
    const seen = agree(
      scans(
        ['d /a', 'f /a/x 10', 'd /a/sub', 'f /a/sub/y 20', 'd /b', 'f /b/z 30', 'd /c', 'f /c/old 40', 'f /keep 5'],
        ['w /a/sub', 'w /b', 'd /b', 'f /b/new 7', 'o /c', 'f /c/fresh 8', 'w /keep'],
        ['f /keep 6', 'f /a/sub 3'],
      ),
    );
    expect(
      seen
        .filter(([, type]) => type !== null)
        .map(([p]) => p)
        .sort(),
    ).toEqual(['/a', '/a/sub', '/a/x', '/b', '/b/new', '/c', '/c/fresh', '/keep']);
  });

  it('a file replacing a directory, a directory replacing a file, writing below a lower file', () => {
    agree(
      scans(
        ['d /srv', 'f /srv/data 40', 'd /srv/deep', 'f /srv/deep/more 4', 'f /etc 9', 'f /opt 2'],
        ['f /srv 7', 'd /etc', 'f /etc/conf 1', 'f /opt/inside 3'],
        ['d /srv', 'f /srv/again 11'],
      ),
    );
  });

  it('hardlinks: sharing a file, outliving it, chained, and the same path twice in one tar', () => {
    agree(
      scans(
        [
          'd /bin',
          'f /bin/busybox 1000',
          'h /bin/sh => /bin/busybox',
          'f /data 50',
          'h /data-link => /data',
          'h /chain => /data-link',
          'f /twice 1',
          'f /twice 2',
        ],
        ['w /data', 'l /bin/ls -> busybox', 'f /dev-null 0'],
        ['o /bin', 'f /bin/tool 3'],
      ),
    );
  });
});

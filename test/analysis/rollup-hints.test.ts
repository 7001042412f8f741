// Directory roll-ups and heavy-place hints on an image built by code and scanned for real.
import { beforeAll, describe, expect, it } from 'vitest';
import { directoryTree, rollup, topDirectories, topFiles } from '../../src/analysis/fs/directory-rollup.js';
import { findHints } from '../../src/analysis/hints/hints.js';
import { mergeLayers, type MergedFs } from '../../src/analysis/fs/merge.js';
import type { EntrySpec } from '../fixtures/image-builder/index.js';
import { scanBuilt } from './helpers.js';

const dir = (path: string): EntrySpec => ({ type: 'dir', path });
const file = (path: string, size: number): EntrySpec => ({ type: 'file', path, size });

function pkg(name: string, withTests: boolean): EntrySpec[] {
  const root = `app/node_modules/${name}`;
  const out = [dir(root), file(`${root}/package.json`, 100), file(`${root}/index.js`, 1000)];
  if (withTests) out.push(dir(`${root}/test`), file(`${root}/test/t.js`, 500));
  return out;
}

// L1: an app with 4 packages (2 scoped), 2 of them with tests, one source map.
// L2: apt lists (3 × 5000) and an apt cache (2000). L3: deletes the apt lists.
const LAYERS: EntrySpec[][] = [
  [
    dir('app'),
    dir('app/node_modules'),
    dir('app/node_modules/.bin'),
    dir('app/node_modules/@s'),
    ...pkg('a', true),
    ...pkg('b', true),
    ...pkg('@s/c', false),
    ...pkg('@s/d', false),
    file('app/node_modules/a/index.js.map', 300),
    file('app/main.js', 50),
  ],
  [
    dir('var'),
    dir('var/lib'),
    dir('var/lib/apt'),
    dir('var/lib/apt/lists'),
    file('var/lib/apt/lists/a_Packages', 5000),
    file('var/lib/apt/lists/b_Packages', 5000),
    file('var/lib/apt/lists/c_Packages', 5000),
    dir('var/cache'),
    dir('var/cache/apt'),
    file('var/cache/apt/pkgcache.bin', 2000),
  ],
  [dir('var/lib/apt'), { type: 'whiteout', path: 'var/lib/apt/lists' }],
];

let fs: MergedFs;
beforeAll(async () => {
  fs = mergeLayers(await scanBuilt({ layers: LAYERS.map((entries) => ({ entries })) }));
});

describe('directory roll-ups', () => {
  it('sums bytes and inodes below each directory of the final file system', () => {
    const top = topDirectories(rollup(fs, { kind: 'final' }), 4);
    // node_modules: 4 × 1100 + 2 × 500 + 300 = 5700 bytes; inodes: itself, .bin, @s (3),
    // 4 package dirs, 8 package files, 2 test dirs, 2 test files, 1 map = 20; /app adds itself and main.js.
    expect(top.byBytes).toEqual([
      { path: '/app', bytes: 5750, inodes: 22, files: 12 },
      { path: '/app/node_modules', bytes: 5700, inodes: 20, files: 11 },
      { path: '/app/node_modules/@s', bytes: 2200, inodes: 7, files: 4 },
      { path: '/var', bytes: 2000, inodes: 6, files: 1 },
    ]);
    expect(top.byInodes[0]).toEqual({ path: '/app', bytes: 5750, inodes: 22, files: 12 });
  });

  it('rolls up one layer as written, deleted entries included', () => {
    const top = topDirectories(rollup(fs, { kind: 'layer', index: 1 }), 1);
    expect(top.byBytes).toEqual([{ path: '/var', bytes: 17000, inodes: 10, files: 4 }]);
  });

  it('builds a depth-limited tree, largest first', () => {
    const tree = directoryTree(rollup(fs, { kind: 'final' }), { depth: 1, sort: 'size' });
    expect(tree.children.map((c) => [c.name, c.bytes, c.subdirectories, c.children.length])).toEqual([
      ['app', 5750, 1, 0],
      ['var', 2000, 2, 0],
    ]);
    const limited = directoryTree(rollup(fs, { kind: 'final' }), { depth: 3, sort: 'inodes', perDir: 1 });
    expect(limited.children.map((c) => [c.name, c.omitted])).toEqual([['app', 0]]);
    expect(limited.omitted).toBe(1);
    expect(limited.children[0].children[0].children.map((c) => c.name)).toEqual(['@s']);
  });

  it('lists the largest files with the layer that wrote them', () => {
    expect(topFiles(rollup(fs, { kind: 'layer', index: 1 }), 2)).toEqual([
      { path: '/var/lib/apt/lists/a_Packages', bytes: 5000, layer: 2 },
      { path: '/var/lib/apt/lists/b_Packages', bytes: 5000, layer: 2 },
    ]);
  });
});

describe('hints', () => {
  it('finds node_modules with its packages, test directories, source maps, apt cache and deleted apt lists', () => {
    const hints = findHints(fs, { minBytes: 1, minInodes: 1 });
    const byKind = Object.fromEntries(hints.map((h) => [`${h.kind}:${h.status}`, h]));
    expect(byKind['node-modules:present']).toMatchObject({
      path: '/app/node_modules',
      bytes: 5700,
      inodes: 20,
      files: 11,
      packages: 4,
      layers: [1],
    });
    expect(byKind['node-modules-tests:present']).toMatchObject({ path: null, bytes: 1000, files: 2, directories: 2 });
    expect(byKind['source-maps:present']).toMatchObject({ bytes: 300, files: 1 });
    expect(byKind['apt-cache:present']).toMatchObject({ path: '/var/cache/apt', bytes: 2000, inodes: 2, layers: [2] });
    expect(byKind['apt-lists:deleted-later']).toMatchObject({
      path: '/var/lib/apt/lists',
      bytes: 15000,
      inodes: 4,
      files: 3,
      layers: [2],
      deletedBy: [3],
    });
    expect(byKind['apt-lists:present']).toBeUndefined();
    expect(hints[0].kind).toBe('apt-lists');
  });

  it('stays quiet below the default thresholds (100 kB or 100 inodes)', () => {
    expect(findHints(fs)).toEqual([]);
  });
});

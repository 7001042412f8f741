// Package metadata is image content, so hostile input: a report comes back, with notes, never a throw.
import { describe, expect, it } from 'vitest';
import type { EntrySpec } from '../fixtures/image-builder/index.js';
import { dir, file, json, packagesOf, text } from './helpers.js';

const NM = 'app/node_modules';

describe('hostile package metadata', () => {
  it('survives bad JSON, wrong types, huge and deep values in manifests and lockfiles', async () => {
    const { report } = await packagesOf([
      [
        json('app/package.json', { devDependencies: ['not', 'an', 'object'] }),
        json('app/package-lock.json', { lockfileVersion: 3, packages: { 'node_modules/ok': 'a string', '': null } }),
        text(`${NM}/bad/package.json`, '{"name": "bad", "version": '),
        json(`${NM}/objver/package.json`, { name: 'objver', version: { major: 1 }, dependencies: 7 }),
        json(`${NM}/huge/package.json`, { name: 'x'.repeat(300_000), version: 'v'.repeat(100_000) }),
        json(`${NM}/num/package.json`, { name: 42, version: 1 }),
        text(`${NM}/deep/package.json`, '['.repeat(200_000)),
        text(`${NM}/arr/package.json`, '[1, 2, 3]'),
        text(`${NM}/nul/package.json`, 'null'),
        json(`${NM}/ok/package.json`, { name: 'ok', version: '1.0.0' }),
      ],
    ]);
    expect(report.packages.map((p) => [p.name, p.version]).sort()).toEqual([
      ['arr', ''],
      ['bad', ''],
      ['deep', ''],
      ['huge', ''],
      ['nul', ''],
      ['num', ''],
      ['objver', ''],
      ['ok', '1.0.0'],
    ]);
    expect(report.notes).toEqual([
      `npm package.json files that are not a JSON object (name from the directory): 4, the first /${NM}/bad/package.json`,
    ]);
  });

  it('survives a 10,000-line .list naming missing paths, garbage databases and a symlink loop', async () => {
    const missing = Array.from({ length: 10_000 }, (_, i) => `/usr/share/gone/dir${i % 100}/file${i}`);
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const layer: EntrySpec[] = [
      dir('var/lib/dpkg/info'),
      text(
        'var/lib/dpkg/status',
        'Package: big\nStatus: install ok installed\nInstalled-Size: 99999999999999999999\nVersion:\n\n' +
          'Package: a/b\nStatus: install ok installed\n\n:::\n\nPackage:\n\n',
      ),
      text('var/lib/dpkg/info/big.list', `${missing.join('\n')}\n/loop/a/b\nrelative/path\n/../../etc/x\n`),
      { type: 'symlink', path: 'loop', target: 'loop2' },
      { type: 'symlink', path: 'loop2', target: '/loop' },
      { type: 'file', path: 'lib/apk/db/installed', content: garbage },
      file('etc/x', 10),
      text(
        'usr/lib/python3/site-packages/x-1.dist-info/RECORD',
        '"unterminated,\n,,,\n"a""b",1\n../../../../../../etc/x\n',
      ),
    ];
    const { report } = await packagesOf([layer]);
    expect(report.packages.map((p) => [p.ecosystem, p.name, p.version, p.declaredBytes ?? null])).toEqual([
      ['python', 'x', '1', null],
      ['deb', 'big', '', null],
    ]);
    // /etc/x: both the python RECORD (../ to the root) and the .list name it; Python comes first.
    expect(report.packages.map((p) => p.files)).toEqual([2, 0]);
    expect(report.notes).toEqual([
      'paths Python RECORD or installed-files.txt files name that are not in the final file system: 2, the first /usr/lib/python3/site-packages/unterminated,',
      'paths dpkg file lists (info/*.list) name that are not in the final file system: 10001, the first /usr/share/gone/dir0/file0',
    ]);
  });
});

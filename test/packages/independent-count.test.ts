// The package report against an independent count: the same layers unpacked by GNU tar
// (whiteouts and opaque directories applied), packages found and measured with node:fs.
import { mkdtempSync, readdirSync, readFileSync, lstatSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeLayers } from '../../src/analysis/fs/merge.js';
import { findPackages } from '../../src/analysis/packages/find-packages.js';
import type { PackageReport } from '../../src/analysis/packages/package-model.js';
import { buildImage, type EntrySpec, type ImageSpec } from '../fixtures/image-builder/index.js';
import { scanBuilt } from '../analysis/helpers.js';
import { dir, file, json, npmPackage, text } from './helpers.js';
import { InodeCount, unpackLayers } from './unpack-layers.js';

const STATUS = ['base-files', 'libc6', 'bash']
  .map((p) => `Package: ${p}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\n`)
  .join('\n')
  .replace('Package: libc6\n', 'Package: libc6\nMulti-Arch: same\n');

const LISTS: Record<string, string[]> = {
  'base-files': ['/.', '/etc', '/etc/os-release', '/usr', '/usr/share', '/usr/share/doc'],
  'libc6:amd64': [
    '/.',
    '/usr',
    '/lib/x86_64-linux-gnu',
    '/lib/x86_64-linux-gnu/libc.so.6',
    '/lib/x86_64-linux-gnu/libm.so.6',
    '/usr/bin',
    '/usr/bin/ldd',
    '/usr/share/doc/libc6',
    '/usr/share/doc/libc6/copyright',
  ],
  bash: ['/.', '/usr/bin', '/usr/bin/bash', '/etc/bash.bashrc', '/usr/share/doc/bash/README'],
};

const BASE: EntrySpec[] = [
  ...['etc', 'usr', 'usr/bin', 'usr/lib', 'usr/lib/x86_64-linux-gnu', 'usr/share', 'usr/share/doc'].map(dir),
  ...['usr/share/doc/libc6', 'var', 'var/lib', 'var/lib/dpkg', 'var/lib/dpkg/info'].map(dir),
  { type: 'symlink', path: 'lib', target: 'usr/lib' },
  file('etc/os-release', 100),
  file('etc/bash.bashrc', 80),
  file('usr/bin/ldd', 200),
  file('usr/bin/bash', 1200),
  file('usr/lib/x86_64-linux-gnu/libc.so.6', 5000),
  file('usr/lib/x86_64-linux-gnu/libm.so.6', 3000),
  file('usr/share/doc/libc6/copyright', 40),
  text('var/lib/dpkg/status', STATUS),
  ...Object.entries(LISTS).map(([name, paths]) => text(`var/lib/dpkg/info/${name}.list`, `${paths.join('\n')}\n`)),
];

const NM = 'app/node_modules';
const APP: EntrySpec[] = [
  dir('app'),
  json('app/package.json', { name: 'app', dependencies: { express: '4' } }),
  dir(NM),
  ...npmPackage(`${NM}/express`, 'express', '4.18.2', { 'index.js': 2000, 'lib/router.js': 1500, 'lib/app.js': 700 }),
  dir(`${NM}/express/node_modules`),
  ...npmPackage(`${NM}/express/node_modules/debug`, 'debug', '2.6.9', { 'src/index.js': 400 }),
  ...npmPackage(`${NM}/debug`, 'debug', '4.3.4', { 'src/index.js': 600, 'src/node.js': 300 }),
  dir(`${NM}/@types`),
  ...npmPackage(`${NM}/@types/node`, '@types/node', '20.1.0', { 'index.d.ts': 9000, 'fs.d.ts': 4000 }),
  ...npmPackage(`${NM}/lodash`, 'lodash', '4.17.21', { 'lodash.js': 5000 }),
  { type: 'hardlink', path: `${NM}/lodash/core.js`, target: `${NM}/lodash/lodash.js` },
  { type: 'symlink', path: `${NM}/lodash/fp`, target: '.' },
  ...npmPackage(`${NM}/left-pad`, 'left-pad', '1.3.0', { 'index.js': 100 }),
];

// Removes a file of express, empties @types/node and writes it anew, rewrites ldd, removes left-pad and a doc file.
const CHANGES: EntrySpec[] = [
  { type: 'whiteout', path: `${NM}/express/lib/router.js` },
  { type: 'opaque', dir: `${NM}/@types/node` },
  ...npmPackage(`${NM}/@types/node`, '@types/node', '20.2.0', { 'index.d.ts': 8000 }),
  file('usr/bin/ldd', 210),
  { type: 'whiteout', path: `${NM}/left-pad` },
  { type: 'whiteout', path: 'usr/share/doc/libc6/copyright' },
];

const SPEC: ImageSpec = { layers: [BASE, APP, CHANGES].map((entries) => ({ entries })) };

let scratch: string;
let root: string;
let report: PackageReport;
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'layerscope-packages-'));
  root = join(scratch, 'rootfs');
  mkdirSync(root);
  unpackLayers(buildImage(SPEC).layers, root, scratch);
  report = findPackages(mergeLayers(await scanBuilt(SPEC)));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** npm package directories of the unpacked tree: node_modules/NAME and node_modules/@SCOPE/NAME with a package.json. */
function npmDirs(dir: string, out: string[] = []): string[] {
  for (const child of readdirSync(dir)) {
    const path = join(dir, child);
    if (!lstatSync(path).isDirectory()) continue;
    if (child === 'node_modules') {
      for (const name of readdirSync(path)) {
        const candidates = name.startsWith('@') ? readdirSync(join(path, name)).map((n) => join(name, n)) : [name];
        for (const c of candidates) if (existsSync(join(path, c, 'package.json'))) out.push(join(path, c));
      }
    }
    npmDirs(path, out);
  }
  return out;
}

describe('package figures against tar and node:fs', () => {
  it('finds the npm packages the unpacked tree holds, named as their package.json says', () => {
    const onDisk = npmDirs(root)
      .map((d) => {
        const manifest = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { name: string; version: string };
        return [d.slice(root.length), manifest.name, manifest.version].join(' ');
      })
      .sort();
    const reported = report.packages
      .filter((p) => p.ecosystem === 'npm')
      .map((p) => [p.path, p.name, p.version].join(' '))
      .sort();
    expect(reported).toEqual(onDisk);
    expect(reported.length).toBe(5);
  });

  it('gives each npm package the bytes, files and inodes of its own entries on disk', () => {
    for (const p of report.packages.filter((q) => q.ecosystem === 'npm')) {
      const count = new InodeCount();
      count.addTree(join(root, p.path), ['node_modules']);
      expect([p.path, p.bytes, p.files, p.inodes]).toEqual([p.path, count.bytes, count.files, count.inodes]);
    }
  });

  it('gives each Debian package the bytes and regular files its .list names on disk', () => {
    const debs = report.packages.filter((p) => p.ecosystem === 'deb');
    expect(debs.map((p) => p.name).sort()).toEqual(['base-files', 'bash', 'libc6:amd64']);
    for (const p of debs) {
      const list = readFileSync(join(root, 'var/lib/dpkg/info', `${p.name}.list`), 'utf8').split('\n');
      const count = new InodeCount();
      for (const path of list.filter((l) => l.startsWith('/') && l !== '/.'))
        count.add(join(root, path), { filesOnly: true });
      expect([p.name, p.bytes, p.files]).toEqual([p.name, count.bytes, count.files]);
    }
  });

  it('accounts for every byte and inode of the unpacked tree: packages plus unclaimed', () => {
    const all = new InodeCount();
    for (const child of readdirSync(root)) all.addTree(join(root, child));
    const sum = (key: 'bytes' | 'files' | 'inodes') =>
      report.packages.reduce((a, p) => a + p[key], 0) + report.unclaimed[key];
    expect({ bytes: sum('bytes'), files: sum('files'), inodes: sum('inodes') }).toEqual({
      bytes: all.bytes,
      files: all.files,
      inodes: all.inodes,
    });
  });
});

// pnpm's .pnpm store and yarn berry's cache and unplugged layouts, built by code and scanned for real.
import { describe, expect, it } from 'vitest';
import { dir, figures, file, instance, json, manifestBytes, npmPackage, packagesOf, text } from './helpers.js';

const STORE = 'root/.local/share/pnpm/store/v3/files/00';
const PNPM = '/app/node_modules/.pnpm';

describe('pnpm', () => {
  it('finds .pnpm/NAME@VERSION/node_modules/NAME, naming it from the directory when package.json is a hardlink', async () => {
    const lodash = 'app/node_modules/.pnpm/lodash@4.17.21/node_modules/lodash';
    const pad = 'app/node_modules/.pnpm/left-pad@1.3.0(peer@2.0.0)/node_modules/left-pad';
    const { report } = await packagesOf([
      [dir('root'), file(`${STORE}/aa-package.json`, 60), file(`${STORE}/bb-index.js`, 4000)],
      [
        dir('app/node_modules/.pnpm/lodash@4.17.21/node_modules'),
        dir(lodash),
        { type: 'hardlink', path: `${lodash}/package.json`, target: `${STORE}/aa-package.json` },
        { type: 'hardlink', path: `${lodash}/index.js`, target: `${STORE}/bb-index.js` },
        { type: 'symlink', path: 'app/node_modules/lodash', target: '.pnpm/lodash@4.17.21/node_modules/lodash' },
        dir(pad),
        text(`${pad}/package.json`, '{ not json'),
        file(`${pad}/index.js`, 300),
        ...npmPackage(
          'app/node_modules/.pnpm/@types+node@20.1.0_x@1/node_modules/@types/node',
          '@types/node',
          '20.1.0',
          { 'index.d.ts': 900 },
        ),
      ],
    ]);
    expect(report.packages.map((p) => [p.name, p.version, p.path])).toEqual([
      ['@types/node', '20.1.0', `${PNPM}/@types+node@20.1.0_x@1/node_modules/@types/node`],
      ['left-pad', '1.3.0', `${PNPM}/left-pad@1.3.0(peer@2.0.0)/node_modules/left-pad`],
      ['lodash', '4.17.21', `${PNPM}/lodash@4.17.21/node_modules/lodash`],
    ]);
    // The store's files carry the bytes and inodes its hardlinks share: lodash keeps its directory.
    expect(figures(instance(report, `/${lodash}`))).toEqual({
      bytes: 0,
      files: 0,
      inodes: 1,
      addedIn: 2,
      changedIn: [],
    });
    expect(figures(instance(report, `/${pad}`))).toEqual({
      bytes: '{ not json'.length + 300,
      files: 2,
      inodes: 3,
      addedIn: 2,
      changedIn: [],
    });
    expect(report.notes).toEqual([
      `npm package.json files that are not a JSON object (name from the directory): /${pad}/package.json`,
    ]);
  });
});

describe('yarn berry', () => {
  it('counts .yarn/cache zips as packages named from the file, and unplugged packages as npm trees', async () => {
    const cache = 'app/.yarn/cache';
    const { report } = await packagesOf([
      [
        dir('app'),
        dir('app/.yarn'),
        dir(cache),
        file(`${cache}/lodash-npm-4.17.21-6382451519-eb835a2e51.zip`, 5000),
        file(`${cache}/@babel-core-npm-7.12.3-1a2b3c4d5e-0a1b2c3d4e.zip`, 3000),
        file(`${cache}/typescript-patch-3f4a5b6c7d-8e9f0a1b2c.zip`, 2000),
        file(`${cache}/semver-npm-7.0.0-rc.1-abcdef0123.zip`, 1000),
        dir('app/.yarn/unplugged'),
        dir('app/.yarn/unplugged/esbuild-npm-0.19.0-abc'),
        dir('app/.yarn/unplugged/esbuild-npm-0.19.0-abc/node_modules'),
        ...npmPackage('app/.yarn/unplugged/esbuild-npm-0.19.0-abc/node_modules/esbuild', 'esbuild', '0.19.0', {
          'bin/esbuild': 800,
        }),
      ],
    ]);
    expect(report.packages.map((p) => [p.name, p.version, p.bytes, p.files, p.inodes])).toEqual([
      ['lodash', '4.17.21', 5000, 1, 1],
      ['@babel/core', '7.12.3', 3000, 1, 1],
      ['typescript', '', 2000, 1, 1],
      ['semver', '7.0.0-rc.1', 1000, 1, 1],
      ['esbuild', '0.19.0', manifestBytes('esbuild', '0.19.0') + 800, 2, 4],
    ]);
  });
});

describe('a package.json the scan kept nothing of', () => {
  it('is named from its directory with no version, and said in a note', async () => {
    // package.json as a hardlink to a file outside any manifest pattern: the scan keeps no text for it.
    const { report } = await packagesOf([
      [
        file('opt/blob', 40),
        dir('srv/node_modules/q'),
        { type: 'hardlink', path: 'srv/node_modules/q/package.json', target: 'opt/blob' },
        json('srv/node_modules/r/package.json', { name: 'r', version: { major: 1 } }),
      ],
    ]);
    expect(report.packages.map((p) => [p.name, p.version])).toEqual([
      ['r', ''],
      ['q', ''],
    ]);
    expect(report.notes).toEqual([
      'npm package.json files the scan did not keep (name from the directory, no version): /srv/node_modules/q/package.json',
    ]);
  });
});

/**
 * The package changes of `diff` through the built CLI on two images built by code: one npm
 * package upgraded, three added, one removed, one kept. The JSON (checked against schema/
 * by runCli) carries each change with both versions and the byte and inode deltas computed
 * here from the trees written; the text shows the summary line and the rows; a second run
 * comes from the step cache and prints the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { buildImage, writeOciLayout, type EntrySpec } from '../fixtures/image-builder/index.js';

interface Tree {
  name: string;
  version: string;
  files: Record<string, number>;
}

const manifest = (t: Tree) => JSON.stringify({ name: t.name, version: t.version });
const dirOf = (t: Tree) => `app/node_modules/${t.name}`;
const entries = (t: Tree): EntrySpec[] => [
  { type: 'dir', path: dirOf(t) },
  { type: 'file', path: `${dirOf(t)}/package.json`, content: manifest(t) },
  ...Object.entries(t.files).map(([f, size]): EntrySpec => ({ type: 'file', path: `${dirOf(t)}/${f}`, size })),
];
/** Its own bytes and inodes: package.json and the files; its directory, package.json and the files. */
const bytesOf = (t: Tree) => manifest(t).length + Object.values(t.files).reduce((a, b) => a + b, 0);
const inodesOf = (t: Tree) => 2 + Object.keys(t.files).length;

const ms: Tree = { name: 'ms', version: '2.1.3', files: { 'index.js': 3000 } };
const express1: Tree = { name: 'express', version: '4.18.2', files: { 'index.js': 20_000, 'router.js': 9000 } };
const express2: Tree = {
  name: 'express',
  version: '4.19.0',
  files: { 'index.js': 21_000, 'router.js': 9500, 'view.js': 4000 },
};
const debug: Tree = { name: 'debug', version: '4.3.4', files: { 'index.js': 6000, 'node.js': 2000 } };
const axios: Tree = { name: 'axios', version: '1.6.0', files: { 'index.js': 50_000, 'lib.js': 30_000 } };
const followRedirects: Tree = { name: 'follow-redirects', version: '1.15.3', files: { 'index.js': 8000 } };
const formData: Tree = { name: 'form-data', version: '4.0.0', files: { 'index.js': 12_000 } };

let dir: string;
const layoutOf = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-diff-packages-'));
  const base = { entries: [{ type: 'file', path: 'etc/hostname', size: 10 } as EntrySpec] };
  const app = (trees: Tree[]) => ({
    entries: [{ type: 'file', path: 'app/server.js', size: 700 } as EntrySpec, ...trees.flatMap(entries)],
  });
  writeOciLayout(layoutOf('a'), [{ image: buildImage({ layers: [base, app([ms, express1, debug])] }) }]);
  writeOciLayout(layoutOf('b'), [
    { image: buildImage({ layers: [base, app([ms, express2, axios, followRedirects, formData])] }) },
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const change = (kind: string, before: Tree | null, after: Tree | null) => {
  const t = (after ?? before)!;
  return {
    change: kind,
    ecosystem: 'npm',
    name: t.name,
    path: `/${dirOf(t)}`,
    versionBefore: before?.version ?? null,
    versionAfter: after?.version ?? null,
    bytesBefore: before ? bytesOf(before) : null,
    bytesAfter: after ? bytesOf(after) : null,
    bytesDelta: (after ? bytesOf(after) : 0) - (before ? bytesOf(before) : 0),
    inodesBefore: before ? inodesOf(before) : null,
    inodesAfter: after ? inodesOf(after) : null,
    inodesDelta: (after ? inodesOf(after) : 0) - (before ? inodesOf(before) : 0),
  };
};

describe('diff: package changes', () => {
  it('lists the upgrade, the additions and the removal with both versions and the deltas', async () => {
    const r = await runCli(['diff', '--json', layoutOf('a'), layoutOf('b')]);
    expect(r.code, r.stderr).toBe(0);
    const { packages } = JSON.parse(r.stdout);
    const upgrade = change('changed', express1, express2);
    const added = [axios, formData, followRedirects].map((t) => change('added', null, t));
    const removed = change('removed', debug, null);
    expect(packages.largestChanged).toEqual([upgrade]);
    expect(packages.largestAdded).toEqual(added);
    expect(packages.largestRemoved).toEqual([removed]);
    const sum = (cs: Array<{ bytesDelta: number; inodesDelta: number }>) => ({
      bytes: cs.reduce((a, c) => a + c.bytesDelta, 0),
      inodes: cs.reduce((a, c) => a + c.inodesDelta, 0),
    });
    expect(packages.changed).toEqual({ packages: 1, versionChanged: 1, ...sum([upgrade]) });
    expect(packages.added).toEqual({ packages: 3, ...sum(added) });
    expect(packages.removed).toEqual({ packages: 1, ...sum([removed]) });
    expect(packages.net).toEqual(sum([upgrade, ...added, removed]));
    // Nothing but packages changed below /app/node_modules, so the file diff says the same net.
    expect(JSON.parse(r.stdout).files.net).toEqual(packages.net);
  });

  it('text: the summary line and the rows; --top bounds the rows, not the counts; the step cache serves the same', async () => {
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const cold = await runCli(['diff', layoutOf('a'), layoutOf('b')], { env });
    expect(cold.code, cold.stderr).toBe(0);
    const netInodes =
      [express2, axios, followRedirects, formData].map(inodesOf).reduce((a, b) => a + b) -
      [express1, debug].map(inodesOf).reduce((a, b) => a + b);
    expect(cold.stdout).toContain(
      `Packages  1 changed (express 4.18.2 → 4.19.0), 3 added (axios and 2 more), 1 removed (debug); +97.6 kB, +${netInodes} inodes\n`,
    );
    expect(cold.stdout).toMatch(/changed +\+5\.50 kB +\+1 +express +4\.18\.2 → 4\.19\.0 +\/app\/node_modules\/express/);
    expect(cold.stdout).toMatch(/removed +-8\.\d+ kB +-4 +debug +4\.3\.4 +\/app\/node_modules\/debug/);
    const warm = await runCli(['diff', '--json', layoutOf('a'), layoutOf('b')], { env });
    expect(JSON.parse(warm.stdout).scan).toMatchObject({ layersScanned: 0, layersFromCache: 0, stepsFromCache: 1 });
    expect((await runCli(['diff', layoutOf('a'), layoutOf('b')], { env })).stdout).toBe(cold.stdout);
    const fresh = await runCli(['--no-cache', 'diff', '--json', layoutOf('a'), layoutOf('b')]);
    const strip = (s: string) => ({ ...JSON.parse(s), scan: null });
    expect(strip(warm.stdout)).toEqual(strip(fresh.stdout));
    const top = JSON.parse((await runCli(['diff', '--json', '--top', '1', layoutOf('a'), layoutOf('b')])).stdout);
    expect(top.packages.largestAdded.map((c: { name: string }) => c.name)).toEqual(['axios']);
    expect(top.packages.added.packages).toBe(3);
    const md = await runCli(['diff', '--markdown', layoutOf('a'), layoutOf('b')], { env });
    expect(md.stdout).toContain('**Packages:** 1 changed (`express` 4.18.2 → 4.19.0), 3 added (`axios` and 2 more)');
    expect(md.stdout).toContain('| added | +80.0 kB | +4 | `axios` | 1.6.0 | `/app/node_modules/axios` |');
  });

  it('series: one summary line per step that changed packages', async () => {
    const r = await runCli(['series', layoutOf('a'), layoutOf('b'), layoutOf('a')]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => / → .*: \d+ changed/.test(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /1 changed \(express 4\.18\.2 → 4\.19\.0\), 3 added \(axios and 2 more\), 1 removed \(debug\)/,
    );
    expect(lines[1]).toMatch(
      /1 changed \(express 4\.19\.0 → 4\.18\.2\), 1 added \(debug\), 3 removed \(axios and 2 more\)/,
    );
  });
});

/**
 * `layerscope packages` through the built CLI on an image built by code: npm packages
 * (scoped, nested, duplicated, one dev) and a dpkg database, with a later layer that changes
 * one package and removes part of another. The JSON (checked against schema/ by runCli),
 * the table and the markdown say the same figures; the flags' bad values are usage errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { buildImage, writeOciLayout, type EntrySpec } from '../fixtures/image-builder/index.js';

let dir: string;
let layout: string;

const pkg = (dir: string, name: string, version: string, files: Record<string, number>): EntrySpec[] => [
  { type: 'dir', path: dir },
  { type: 'file', path: `${dir}/package.json`, content: JSON.stringify({ name, version }) },
  ...Object.entries(files).map(([f, size]): EntrySpec => ({ type: 'file', path: `${dir}/${f}`, size })),
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-packages-cli-'));
  const status = [
    'Package: libfoo1',
    'Status: install ok installed',
    'Architecture: amd64',
    'Version: 1.2-3',
    'Installed-Size: 8',
    '',
    'Package: gone',
    'Status: deinstall ok config-files',
    'Version: 0.1',
    '',
  ].join('\n');
  const image = buildImage({
    layers: [
      {
        entries: [
          { type: 'dir', path: 'usr/lib' },
          { type: 'file', path: 'usr/lib/libfoo.so.1', size: 6000 },
          { type: 'file', path: 'usr/share/doc/libfoo1/copyright', size: 100 },
          { type: 'file', path: 'var/lib/dpkg/status', content: status },
          {
            type: 'file',
            path: 'var/lib/dpkg/info/libfoo1.list',
            content: '/.\n/usr\n/usr/lib\n/usr/lib/libfoo.so.1\n/usr/share/doc/libfoo1/copyright\n',
          },
          { type: 'file', path: 'etc/hostname', size: 10 },
        ],
      },
      {
        entries: [
          {
            type: 'file',
            path: 'app/package.json',
            content: JSON.stringify({ name: 'app', dependencies: { left: '1' }, devDependencies: { jest: '1' } }),
          },
          ...pkg('app/node_modules/left', 'left', '1.0.0', { 'index.js': 1000 }),
          ...pkg('app/node_modules/@scope/tool', '@scope/tool', '2.0.0', { 'main.js': 3000, 'lib/a.js': 500 }),
          ...pkg('app/node_modules/@scope/tool/node_modules/left', 'left', '0.9.0', { 'index.js': 900 }),
          ...pkg('app/node_modules/jest', 'jest', '29.0.0', { 'big.js': 20_000 }),
          { type: 'file', path: 'app/server.js', size: 700 },
        ],
      },
      {
        entries: [
          { type: 'file', path: 'app/node_modules/left/index.js', size: 1200 },
          { type: 'whiteout', path: 'app/node_modules/@scope/tool/lib' },
        ],
      },
    ],
  });
  layout = join(dir, 'oci');
  writeOciLayout(layout, [{ image }]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Pkg {
  ecosystem: string;
  name: string;
  version: string;
  path: string;
  bytes: number;
  files: number;
  addedIn: number;
  changedIn: number[];
  dev?: boolean;
  declaredBytes?: number;
}

describe('layerscope packages', () => {
  it('lists npm and dpkg packages with their own bytes, files and layers', async () => {
    const r = await runCli(['packages', '--json', layout]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const by = (path: string) => doc.packages.find((p: Pkg) => p.path === path) as Pkg;
    expect(by('/app/node_modules/jest')).toMatchObject({
      name: 'jest',
      version: '29.0.0',
      files: 2,
      addedIn: 2,
      dev: true,
    });
    // Changed by layer 3: its index.js grew.
    expect(by('/app/node_modules/left')).toMatchObject({ name: 'left', version: '1.0.0', addedIn: 2, changedIn: [3] });
    expect(by('/app/node_modules/left').bytes).toBe(1200 + JSON.stringify({ name: 'left', version: '1.0.0' }).length);
    // Its nested node_modules is not its own; lib/ was removed by layer 3.
    const tool = by('/app/node_modules/@scope/tool');
    expect(tool).toMatchObject({ name: '@scope/tool', files: 2, changedIn: [3] });
    expect(tool.bytes).toBe(3000 + JSON.stringify({ name: '@scope/tool', version: '2.0.0' }).length);
    expect(by('/app/node_modules/@scope/tool/node_modules/left')).toMatchObject({ version: '0.9.0' });
    const deb = doc.packages.find((p: Pkg) => p.ecosystem === 'deb') as Pkg;
    expect(deb).toMatchObject({ name: 'libfoo1', version: '1.2-3', bytes: 6100, files: 2, declaredBytes: 8192 });
    expect(doc.packages.filter((p: Pkg) => p.ecosystem === 'deb')).toHaveLength(1);
    expect(doc.duplicates).toEqual([
      expect.objectContaining({ ecosystem: 'npm', name: 'left', instances: 2, versions: ['0.9.0', '1.0.0'] }),
    ]);
    // Every final entry is a package's or nobody's: the sums are the final file system's, as inspect counts it.
    const final = JSON.parse((await runCli(['inspect', '--json', layout])).stdout).analysis.final;
    const sum = (k: 'bytes' | 'inodes') =>
      doc.totals.reduce((a: number, t: Record<string, number>) => a + t[k], 0) + doc.unclaimed[k];
    expect(sum('bytes')).toBe(final.bytes);
    expect(sum('inodes')).toBe(final.inodes);
  });

  it('the table and the markdown show the same packages; --ecosystem and --top choose', async () => {
    const text = await runCli(['packages', layout]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/npm +4 /);
    expect(text.stdout).toMatch(/jest \(dev\) +29\.0\.0/);
    expect(text.stdout).toMatch(/dpkg +1 /);
    const md = await runCli(['packages', '--markdown', '--ecosystem', 'deb', layout]);
    expect(md.stdout).toMatch(/^## Packages/);
    expect(md.stdout).toContain('| dpkg | libfoo1 | 1.2-3 |');
    expect(md.stdout).not.toContain('jest');
    const top = await runCli(['packages', '--top', '1', layout]);
    expect(top.stdout).toMatch(/Largest 1 of 5 packages/);
    expect(top.stdout).toMatch(/… and 4 more/);
  });

  it("inspect's node_modules hint names the largest packages, with the figures packages gives", async () => {
    const sample = 'samples/app-1.2.tar';
    const [inspect, packages] = await Promise.all([
      runCli(['inspect', '--json', sample]),
      runCli(['packages', '--json', sample]),
    ]);
    const hint = JSON.parse(inspect.stdout).analysis.hints.find((h: { kind: string }) => h.kind === 'node-modules');
    const top = (JSON.parse(packages.stdout).packages as Pkg[])
      .filter((p) => p.ecosystem === 'npm' && p.path.startsWith(`${hint.path}/`))
      .slice(0, 3)
      .map(({ name, version, bytes }) => ({ name, version, bytes }));
    expect(top).toHaveLength(3);
    expect(hint.largestPackages).toEqual(top);
  });

  it('check judges the packages rules, naming the package to blame', async () => {
    const config = join(dir, 'budget.yml');
    writeFileSync(
      config,
      [
        'packages:',
        '  maxDuplicates: 0',
        '  devShipped: fail',
        '  forbid: [left-pad]',
        '  maxSize:',
        '    - { glob: "@scope/*", maxSize: 1kB }',
        '',
      ].join('\n'),
    );
    const r = await runCli(['check', '--json', '--config', config, layout]);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout).results as Array<{ id: string; status: string; culprit: string | null }>;
    expect(results.map((x) => [x.id, x.status])).toEqual([
      ['packages.maxDuplicates', 'fail'],
      ['packages.devShipped', 'fail'],
      ['packages.maxSize[@scope/*].maxSize', 'fail'],
      ['packages.forbid[left-pad]', 'pass'],
    ]);
    expect(results[1].culprit).toBe('jest 29.0.0 at /app/node_modules/jest (layer 2)');
    const text = await runCli(['check', '--config', config, layout]);
    expect(text.stdout).toMatch(/FAIL +packages\.devShipped +1 +≤ 0 +jest 29\.0\.0/);
  });

  it.each([
    [['--top', 'x'], /--top: "x" is not a whole number/],
    [['--ecosystem', 'maven'], /--ecosystem: "maven" is not an ecosystem/],
  ])('%s is a usage error, exit 2, before any image is read', async (flags, message) => {
    const r = await runCli(['packages', ...flags, join(dir, 'missing.tar')]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(message);
  });

  it('a missing image is one line, exit 2', async () => {
    const r = await runCli(['packages', join(dir, 'missing.tar')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^layerscope: .*missing\.tar/);
    expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
  });
});

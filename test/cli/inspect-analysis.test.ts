/**
 * `inspect` with the analysis: the summary, --files, --tree and --json through the real
 * CLI on an image built by code, whose numbers are worked out below by hand. Bad flags:
 * one line + hint, exit 2, before any layer is read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { blobPath } from '../../src/source/oci/oci-layout.js';
import { buildImage, writeDockerArchive, writeOciLayout, type EntrySpec } from '../fixtures/image-builder/index.js';

const dir = (path: string): EntrySpec => ({ type: 'dir', path });
const file = (path: string, size: number, mode?: number): EntrySpec => ({ type: 'file', path, size, mode });
const app = (mode: number) => [
  dir('app'),
  file('app/a.js', 20_000, mode),
  file('app/b.js', 30_000, mode),
  file('app/big.bin', 100_000, mode),
];

// Final file system: os-release 100 + tool 10,000 + 3 apt lists 150,000 + a.js + b.js
// 50,000 = 210,100 bytes; 15 inodes (8 from layer 1, lists dir + 3, app + 2).
// Reclaimable: layer 4 re-writes 150,000 bytes / 3 files of layer 3; layer 5 deletes
// big.bin (100,000) written by layer 4 → 250,000 bytes, 4 inodes.
// dive: Σ all copies 460,100 (the empty /var/lib/apt of layer 1 is a 0-byte leaf, the
// whiteout of a file counts 0), Σ smallest 210,100 → 45.7%; wasted = a.js 40,000 + b.js
// 60,000 + big.bin 200,000 = 300,000; user bytes 450,000 → 66.7%.
const LAYERS: Array<{ createdBy: string; entries: EntrySpec[] }> = [
  {
    createdBy: 'ADD rootfs /',
    entries: [
      dir('etc'),
      file('etc/os-release', 100),
      dir('var'),
      dir('var/lib'),
      dir('var/lib/apt'),
      dir('usr'),
      dir('usr/bin'),
      file('usr/bin/tool', 10_000),
    ],
  },
  {
    createdBy: '/bin/sh -c apt-get update',
    entries: [
      dir('var'),
      dir('var/lib'),
      dir('var/lib/apt'),
      dir('var/lib/apt/lists'),
      file('var/lib/apt/lists/a', 50_000),
      file('var/lib/apt/lists/b', 50_000),
      file('var/lib/apt/lists/c', 50_000),
    ],
  },
  { createdBy: '/bin/sh -c #(nop) COPY dir:abc in /app', entries: app(0o644) },
  { createdBy: '/bin/sh -c chmod -R 755 /app', entries: app(0o755) },
  { createdBy: '/bin/sh -c rm /app/big.bin', entries: [dir('app'), { type: 'whiteout', path: 'app/big.bin' }] },
];

let tmp: string;
let archive: string;
let broken: string;
const run = (...args: string[]) => runCli(['inspect', ...args], { env: { XDG_CACHE_HOME: join(tmp, 'cache') } });

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'layerscope-analysis-'));
  const image = buildImage({ layers: LAYERS });
  archive = join(tmp, 'app.tar');
  writeDockerArchive(archive, [{ image, tags: ['app:1'] }], { format: 'legacy' });
  broken = join(tmp, 'broken-oci');
  writeOciLayout(broken, [{ image }]);
  // Damaged content of the right size: the layout opens, and reading the layer would fail.
  writeFileSync(join(broken, blobPath(image.layers[0].digest)), Buffer.alloc(image.layers[0].blob.length, 'x'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('inspect analysis output', () => {
  it('adds efficiency, waste, inode cost, blame and hints to the table', async () => {
    const r = await run(archive);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Efficiency   45.7% (dive)  wasted 300 kB  user-wasted 66.7%');
    expect(r.stdout).toContain('Reclaimable  250 kB in 4 inodes: 150 kB overwritten, 100 kB deleted later');
    expect(r.stdout).toContain('Final FS     210 kB in 7 files, 8 directories, 0 symlinks, 0 hardlinks');
    expect(r.stdout).toContain('Inode cost   15 in the final file system');
    expect(r.stdout).toContain('layer 4 `RUN chmod -R 755 /app` re-wrote 150 kB / 3 files already in layer 3');
    expect(r.stdout).toContain(
      'layer 5 `RUN rm /app/big.bin` deleted 100 kB / 1 file written by layer 4 `RUN chmod -R 755 /app`',
    );
    expect(r.stdout).toMatch(
      /apt lists left in layer 2: 150 kB, 3 files — rm -rf \/var\/lib\/apt\/lists\/\* in the same RUN/,
    );
  });

  it('puts the same numbers in the JSON analysis section', async () => {
    const r = await run(archive, '--json');
    expect(r.code).toBe(0);
    const { analysis } = JSON.parse(r.stdout);
    expect(analysis.final).toMatchObject({ bytes: 210_100, inodes: 15, files: 7, dirs: 8 });
    expect(analysis.dive).toMatchObject({
      wastedBytes: 300_000,
      userBytes: 450_000,
      discoveredBytes: 460_100,
      minimumBytes: 210_100,
      inefficientPaths: 3,
    });
    expect(analysis.dive.efficiency).toBeCloseTo(210_100 / 460_100, 12);
    expect(analysis.reclaimable).toMatchObject({
      bytes: 250_000,
      inodes: 4,
      overwritten: { bytes: 150_000 },
      deleted: { bytes: 100_000 },
    });
    expect(analysis.reclaimable.blame[0]).toMatchObject({
      writtenBy: 3,
      madeDeadBy: 4,
      reason: 'overwritten',
      files: 3,
      madeDeadByCommand: '/bin/sh -c chmod -R 755 /app',
    });
    expect(analysis.hints).toEqual([
      expect.objectContaining({ kind: 'apt-lists', status: 'present', bytes: 150_000, layers: [2] }),
    ]);
    expect(analysis.directories.layers).toHaveLength(5);
    expect(analysis.files).toBeUndefined();
  });

  it('--files --layer N lists what that layer wrote', async () => {
    const r = await run(archive, '--files', '--layer', '3', '--top', '2');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Largest files (layer 3 `COPY dir:abc in /app`)');
    expect(lines.slice(2, 4).map((l) => l.trim().split(/\s+/))).toEqual([
      ['100', 'kB', '3', '/app/big.bin'],
      ['30.0', 'kB', '3', '/app/b.js'],
    ]);
    expect(r.stdout).not.toContain('Efficiency');
  });

  it('--tree --sort inodes orders directories by inodes', async () => {
    const r = await run(archive, '--tree', '--depth', '1', '--sort', 'inodes');
    expect(r.code).toBe(0);
    const names = r.stdout
      .split('\n')
      .slice(3)
      .filter(Boolean)
      .map((l) => l.replace(/.*[├└]─ /, ''));
    expect(names).toEqual(['var', 'app', 'usr', 'etc']);
  });

  it('--files --json adds the list to the analysis section', async () => {
    const r = await run(archive, '--files', '--sort', 'inodes', '--top', '1', '--json');
    const { analysis } = JSON.parse(r.stdout);
    expect(analysis.files).toEqual({
      layer: null,
      sort: 'inodes',
      top: 1,
      files: [],
      directories: [{ path: '/var', bytes: 150_000, inodes: 7, files: 3 }],
    });
  });
});

describe('inspect analysis flags: bad input', () => {
  const expectUsage = async (args: string[], message: string | RegExp) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toMatch(/^ {2}hint: /);
  };

  it('names the valid range for --layer, before reading any layer', async () => {
    await expectUsage(
      [broken, '--files', '--layer', '6'],
      `layerscope: --layer 6 is out of range: ${broken} has layers 1–5`,
    );
  });

  it('rejects values that are not positive whole numbers, and bad sort keys', async () => {
    await expectUsage(
      [archive, '--files', '--layer', '0'],
      'layerscope: --layer must be a whole number from 1 (got "0")',
    );
    await expectUsage([archive, '--files', '--top=-3'], '--top must be a whole number from 1 (got "-3")');
    await expectUsage([archive, '--tree', '--depth', '1.5'], '--depth must be a whole number from 1 (got "1.5")');
    await expectUsage([archive, '--files', '--sort', 'name'], '--sort must be size or inodes (got "name")');
  });

  it('reports every problem at once, and flags that need --files or --tree', async () => {
    await expectUsage(
      [archive, '--layer', 'x', '--depth', '2'],
      'layerscope: --layer must be a whole number from 1 (got "x"); --layer needs --files or --tree; --depth needs --tree',
    );
    await expectUsage([archive, '--tree', '--quick'], '--tree reads every layer: it cannot go with --quick');
  });
});

/**
 * `layerscope footprint` through the real CLI, on images built by code whose footprint is
 * known by construction (4,096-byte blocks):
 *
 *   base  etc/ a (100 B) b (5,000 B) h (hardlink to a) l (symlink to "a"):
 *         tree root + etc + a + b + l = 5 inodes, 2 dir + 1 + 2 = 5 blocks;
 *         bookkeeping (no parent) 8 files; committed marker (it has a child) 1 inode
 *   app1  app/ x (1 B), whiteout of etc/b (etc/ is created for it):
 *         tree root + app + etc + x + device = 5 inodes, 3 dir + 1 = 4 blocks; bookkeeping 11
 *   app2  app/ x (8,193 B) y (0 B): tree root + app + x + y = 4 inodes, 2 + 3 = 5 blocks; bookkeeping 11
 *   one config per image: 1 block, 1 inode
 *
 *   A = base + app1: 29 blocks, 31 inodes;  B = base + app2: 30 blocks, 30 inodes
 *   both: 46 blocks, 47 inodes; shared (base with its marker): 13 blocks, 14 inodes
 */
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildImage,
  writeDockerArchive,
  writeOciLayout,
  type BuiltImage,
  type LayerSpec,
} from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';

const B = 4096;
const blocks = (n: number) => n * B;
const base: LayerSpec = {
  entries: [
    { type: 'dir', path: 'etc' },
    { type: 'file', path: 'etc/a', size: 100 },
    { type: 'file', path: 'etc/b', size: 5000 },
    { type: 'hardlink', path: 'etc/h', target: 'etc/a' },
    { type: 'symlink', path: 'etc/l', target: 'a' },
  ],
};
const app1: LayerSpec = {
  entries: [
    { type: 'dir', path: 'app' },
    { type: 'file', path: 'app/x', size: 1 },
    { type: 'whiteout', path: 'etc/b' },
  ],
};
const app2: LayerSpec = {
  entries: [
    { type: 'dir', path: 'app' },
    { type: 'file', path: 'app/x', size: 8193 },
    { type: 'file', path: 'app/y', size: 0 },
  ],
};

let dir: string;
let a: BuiltImage;
let b: BuiltImage;
const p = (name: string) => join(dir, name);
const refs = () => [`docker-archive:${p('a.tar')}`, `docker-archive:${p('b.tar')}`];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-footprint-cli-'));
  a = buildImage({ layers: [base, app1] });
  b = buildImage({ layers: [base, app2] });
  writeDockerArchive(p('a.tar'), [{ image: a, tags: ['app:a'] }], { format: 'legacy' });
  writeDockerArchive(p('b.tar'), [{ image: b, tags: ['app:b'] }], { format: 'legacy' });
  writeOciLayout(p('oci'), [
    { image: a, tag: 'a' },
    { image: b, tag: 'b' },
  ]);
  writeFileSync(p('file.txt'), 'not a directory\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function footprintJson(args: string[]) {
  const run = await runCli(['footprint', ...args, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

describe('footprint CLI: numbers known by construction', () => {
  it('gives each image, its shared and unique parts, and every layer (overlay2, loaded)', async () => {
    const r = await footprintJson([...refs(), '--loaded', '--block-size', '4096']);
    expect(r).toMatchObject({
      schemaVersion: 2,
      kind: 'footprint',
      model: { store: 'overlay2', blockSize: B, pulled: false },
    });
    expect(r.images.map((i: any) => [i.total, i.shared, i.unique])).toEqual([
      [
        { bytes: blocks(29), inodes: 31 },
        { bytes: blocks(13), inodes: 14 },
        { bytes: blocks(16), inodes: 17 },
      ],
      [
        { bytes: blocks(30), inodes: 30 },
        { bytes: blocks(13), inodes: 14 },
        { bytes: blocks(17), inodes: 16 },
      ],
    ]);
    expect(r.total).toEqual({ bytes: blocks(46), inodes: 47 });
    expect(r.images.map((i: any) => i.image.reference)).toEqual(refs());
    // images and layers numbered from 1, as in the tables
    expect(r.layers.map((l: any) => [l.layer, l.tree, l.bookkeeping, l.usedBy])).toEqual([
      [1, { bytes: blocks(5), inodes: 5 }, { bytes: blocks(8), inodes: 9 }, [1, 2]],
      [2, { bytes: blocks(4), inodes: 5 }, { bytes: blocks(11), inodes: 11 }, [1]],
      [3, { bytes: blocks(5), inodes: 4 }, { bytes: blocks(11), inodes: 11 }, [2]],
    ]);
    expect(r.imageFiles).toEqual({ bytes: blocks(2), inodes: 2 });
  });

  it('adds the registry bookkeeping of pulled images: two files per layer', async () => {
    const r = await footprintJson([...refs()]);
    expect(r.model.pulled).toBe(true);
    expect(r.total).toEqual({ bytes: blocks(46 + 6), inodes: 47 + 6 });
  });

  it('deploys in order keeping the last N and reports the peak', async () => {
    const r = await footprintJson([...refs(), '--loaded', '--keep', '1']);
    const [first, second] = r.deploy.steps;
    expect(first).toMatchObject({
      deployed: 1,
      onHost: [1],
      removed: [],
      added: { bytes: blocks(29), inodes: 31 },
      after: { bytes: blocks(29), inodes: 31 },
    });
    // B adds app2 + its config; removing A frees app1 + A's config (the base's marker stays: B's app2 sits on it)
    expect(second).toMatchObject({
      deployed: 2,
      onHost: [2],
      removed: [1],
      added: { bytes: blocks(17), inodes: 16 },
      freed: { bytes: blocks(16), inodes: 17 },
    });
    expect(second.during).toEqual({ bytes: blocks(46), inodes: 47 });
    expect(second.after).toEqual({ bytes: blocks(30), inodes: 30 });
    expect(r.deploy.peak).toEqual({ bytes: blocks(46), bytesStep: 2, inodes: 47, inodesStep: 2 });
  });

  it('models the containerd store: blobs once per digest, snapshots, config and manifest per image', async () => {
    const r = await footprintJson([`oci:${p('oci')}:a`, `oci:${p('oci')}:b`, '--store', 'containerd', '--loaded']);
    const blobBlocks = [a.layers[0], a.layers[1], b.layers[1]].reduce((n, l) => n + Math.ceil(l.blob.length / B), 0);
    // trees 5 + 4 + 5 blocks (14 inodes), 3 snapshots × (dir + work/), 3 blobs, 2 configs + 2 manifests
    expect(r.total).toEqual({ bytes: blocks(14 + 6 + blobBlocks + 4), inodes: 14 + 6 + 3 + 4 });
    expect(r.layers[0].blob).toEqual({ bytes: blocks(Math.ceil(a.layers[0].blob.length / B)), inodes: 1 });
  });

  it('rounds to the block size given', async () => {
    // 1 KiB blocks: base tree = 2 dirs + a (1) + b (5) = 8 KiB
    const r = await footprintJson([refs()[0], '--loaded', '--block-size', '1024']);
    expect(r.layers[0].tree).toEqual({ bytes: 8 * 1024, inodes: 5 });
    expect(r.deploy).toBeNull();
  });
});

describe('footprint CLI: the host', () => {
  it('reads free bytes and inodes with statfs and says how many more releases fit, whichever runs out first', async () => {
    const r = await footprintJson([...refs(), '--loaded', `--host=${dir}`]);
    const fs = statfsSync(dir);
    const fit = r.fit;
    expect(fit.host).toMatchObject({ path: dir, blockSize: fs.bsize, totalBytes: fs.blocks * fs.bsize });
    expect(r.model.blockSize).toBe(fs.bsize);
    // other tests write to this file system at the same time: free space agrees to 1%
    expect(Math.abs(fit.host.freeBytes / (fs.bavail * fs.bsize) - 1)).toBeLessThan(0.01);
    // a release like B adds what B adds on top of A: app2 + config
    expect(fit).toMatchObject({ modelledOn: 2, comparedWith: 1, perRelease: { bytes: blocks(17), inodes: 16 } });
    const byDisk = Math.floor(fit.host.freeBytes / blocks(17));
    const byInodes = Math.floor(fit.host.freeInodes / 16);
    expect(fit).toMatchObject({
      byDisk,
      byInodes,
      releases: Math.min(byDisk, byInodes),
      limitedBy: byDisk < byInodes ? 'disk' : 'inodes',
    });
  });

  it('prints tables, and markdown for CI comments', async () => {
    const text = await runCli(['footprint', ...refs(), '--loaded', '--keep', '1', '--host', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Rolling deploy, keeping the last 1');
    expect(text.stdout).toMatch(/Peak: 188 kB and 47 inodes at step 2/);
    expect(text.stdout).toMatch(/Each more release like .*b\.tar adds 69\.6 kB and 16 inodes/);
    expect(text.stdout).toMatch(/more fit: (disk|inodes) run/);
    const md = await runCli(['footprint', ...refs(), '--loaded', '--markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| # | IMAGE | LAYERS | DISK | SHARED | UNIQUE | INODES | SHARED | UNIQUE |');
    expect(md.stdout).toContain('| **total** |');
  });
});

describe('footprint CLI: bad input', () => {
  it('reports every bad flag at once, in one line with a hint, exit 2', async () => {
    const run = await runCli([
      'footprint',
      refs()[0],
      '--keep',
      '0',
      '--store',
      'zfs',
      '--block-size',
      '1000',
      '--json',
      '--markdown',
    ]);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      'layerscope: --keep must be a whole number from 1 (got "0"); --store must be overlay2 or containerd (got "zfs"); --block-size must be a power of two from 512 to 65536 (got "1000"); --json and --markdown exclude each other',
    );
    expect(lines[1]).toBe('  hint: see layerscope footprint --help');
    expect(run.stdout).toBe('');
  });

  it('refuses a --host that is not a directory (an image swallowed as its path)', async () => {
    const run = await runCli(['footprint', '--host', p('file.txt'), refs()[0]]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^layerscope: --host .*file\.txt: not a directory \(a word after --host is its path: put --host after the images, or write --host=PATH\)\n/,
    );
  });

  it('asks for a path when the engine is not on this machine', async () => {
    const run = await runCli(['footprint', refs()[0], '--host'], {
      env: { DOCKER_HOST: 'tcp://192.0.2.1:2375', DOCKER_CONTEXT: '' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "layerscope: --host without a path asks the engine for its data root, but the engine at tcp://192.0.2.1:2375 is not on this machine\n  hint: run layerscope on the engine's host, or give the path: --host=/var/lib/docker\n",
    );
  });

  it('names a missing image and exits 2 without a stack trace', async () => {
    const run = await runCli(['footprint', refs()[0], p('missing.tar')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no such file: .*missing\.tar$/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

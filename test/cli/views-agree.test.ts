/**
 * Every view of one image shows the same numbers: the inspect table, the Final FS line,
 * `inspect --tree` (final and per layer) and explore's layers and files panes. Each figure
 * is compared with the same figure in another view, on the samples and on generated images
 * with hardlinks, symlinks, whiteouts (of a file, a directory tree, a path that never
 * existed), opaque directories and devices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanSession } from '../../src/scan/scan-image.js';
import { openImage } from '../../src/source/open-image.js';
import { ImageFeed } from '../../src/tui/feed/image-feed.js';
import { layerNumbers } from '../../src/tui/state/layers-text.js';
import { buildFilesView } from '../../src/tui/state/tree-model.js';
import { buildImage, writeDockerArchive, writeOciLayout, type ImageSpec } from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';

const LINKS: ImageSpec = {
  layers: [
    {
      createdBy: 'ADD base /',
      entries: [
        { type: 'dir', path: 'bin' },
        { type: 'file', path: 'bin/busybox', size: 5000 },
        { type: 'symlink', path: 'bin/sh', target: 'busybox' },
        { type: 'hardlink', path: 'bin/ls', target: 'bin/busybox' },
        { type: 'hardlink', path: 'bin/cat', target: 'bin/busybox' },
        { type: 'dir', path: 'etc' },
        { type: 'file', path: 'etc/old.conf', content: 'old' },
        { type: 'dir', path: 'usr/lib/big' },
        { type: 'file', path: 'usr/lib/big/a.so', size: 3000 },
        { type: 'file', path: 'usr/lib/big/b.so', size: 2000 },
        { type: 'dir', path: 'var/cache' },
        { type: 'file', path: 'var/cache/x', size: 700 },
        { type: 'char', path: 'dev/null' },
        { type: 'fifo', path: 'run/pipe' },
      ],
    },
    {
      createdBy: 'RUN rm -rf /usr/lib/big /etc/old.conf /never',
      entries: [
        { type: 'whiteout', path: 'etc/old.conf' },
        { type: 'whiteout', path: 'usr/lib/big' },
        { type: 'whiteout', path: 'never' },
        { type: 'file', path: 'etc/new.conf', content: 'new' },
        { type: 'hardlink', path: 'etc/new.link', target: 'etc/new.conf' },
      ],
    },
    {
      createdBy: 'RUN rebuild /var/cache',
      entries: [
        { type: 'dir', path: 'var/cache' },
        { type: 'opaque', dir: 'var/cache' },
        { type: 'file', path: 'var/cache/y', size: 900 },
        { type: 'symlink', path: 'var/cache/z', target: 'y' },
      ],
    },
  ],
};

const OVERWRITES: ImageSpec = {
  layers: [
    {
      entries: [
        { type: 'file', path: 'app/a', size: 100 },
        { type: 'file', path: 'app/b', size: 200 },
      ],
    },
    {
      entries: [
        { type: 'file', path: 'app/a', size: 150 },
        { type: 'whiteout', path: 'app/b' },
        { type: 'hardlink', path: 'app/c', target: 'app/a' },
      ],
    },
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'layerscope-views-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IMAGES = [
  'samples/app-1.0.tar',
  'samples/app-1.2.tar',
  'samples/wasteful.tar',
  'oci:samples/app-oci:1.1',
  join(dir, 'links.tar'),
  `oci:${join(dir, 'overwrites')}:1`,
];

beforeAll(() => {
  writeDockerArchive(join(dir, 'links.tar'), [{ image: buildImage(LINKS), tags: ['links:1'] }], { format: 'oci' });
  writeOciLayout(join(dir, 'overwrites'), [{ image: buildImage(OVERWRITES), tag: '1' }]);
});

async function json(args: string[]) {
  const r = await runCli([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

interface Row {
  layer: number | null;
  inodes: number;
  counts: { files: number; whiteouts: number; hardlinks: number };
}

/** The feed's snapshot once every layer is scanned, merged and analysed. */
async function settled(feed: ImageFeed) {
  const end = Date.now() + 20_000;
  while (!feed.getSnapshot().settled && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  const snap = feed.getSnapshot();
  expect(snap.error).toBeNull();
  expect(snap.settled).toBe(true);
  return snap;
}

/** The FILES and INODES cells of the inspect table, by layer number. */
function tableCells(text: string): Map<number, { files: string; inodes: string }> {
  const cells = new Map<number, { files: string; inodes: string }>();
  for (const line of text.split('\n')) {
    const c = line.trim().split(/\s{2,}/);
    if (/^\d+$/.test(c[0]) && c.length >= 9) cells.set(Number(c[0]), { files: c[3], inodes: c[8] });
  }
  return cells;
}

describe.each(IMAGES)('every view of %s agrees', (ref) => {
  it('the --tree root has the Final FS line: bytes, inodes and regular files', async () => {
    const doc = await json(['inspect', ref, '--tree', '--depth', '1']);
    const { root } = doc.analysis.tree;
    const { final } = doc.analysis;
    expect({ bytes: root.bytes, inodes: root.inodes, files: root.files }).toEqual({
      bytes: final.bytes,
      inodes: final.inodes,
      files: final.files,
    });
    const text = await runCli(['inspect', ref, '--tree', '--depth', '1']);
    const summary = await runCli(['inspect', ref]);
    const rootLine = text.stdout
      .split('\n')
      .find((l) => / \/$/.test(l))!
      .trim()
      .split(/\s{2,}/);
    expect(summary.stdout).toContain(`Final FS     ${rootLine[0]} in `);
    expect(summary.stdout).toContain(`Inode cost   ${rootLine[1]} in the final file system`);
  });

  it('--tree --layer N has the inodes and files of row N, whiteouts included', async () => {
    const rows: Row[] = (await json(['inspect', ref])).rows.filter((r: Row) => r.layer !== null);
    for (const row of rows) {
      const { root } = (await json(['inspect', ref, '--tree', '--layer', String(row.layer), '--depth', '1'])).analysis
        .tree;
      expect({ layer: row.layer, inodes: root.inodes, files: root.files }).toEqual({
        layer: row.layer,
        inodes: row.inodes,
        files: row.counts.files,
      });
    }
  });

  it("explore's FILES and INODES columns and its files pane match the inspect table", async () => {
    const table = tableCells((await runCli(['inspect', ref])).stdout);
    const image = await openImage(ref, {});
    try {
      const feed = new ImageFeed(image, { idleMs: 0 });
      await feed.start(new ScanSession(), new AbortController().signal);
      const snap = await settled(feed);
      feed.stop();
      expect(snap.layers.length).toBe(table.size);
      for (const l of snap.layers) {
        const text = layerNumbers(l);
        // # 3, size 9, compressed 9, files 8, inodes 8 (see layers-text.ts)
        const shown = { files: text.slice(21, 29).trim(), inodes: text.slice(29, 37).trim() };
        expect({ layer: l.index + 1, ...shown }).toEqual({ layer: l.index + 1, ...table.get(l.index + 1) });
        const pane = buildFilesView(snap.fs!, l.index, 'changes');
        expect({ layer: l.index + 1, inodes: pane.inodes[0] }).toEqual({ layer: l.index + 1, inodes: l.inodes });
      }
    } finally {
      await image.close();
    }
  });
});

describe('the generated image takes the corners the test is about', () => {
  it('has hardlinks and whiteouts in its layers, so files ≠ entries and whiteouts cost inodes', async () => {
    const rows: Row[] = (await json(['inspect', join(dir, 'links.tar')])).rows;
    expect(rows.map((r) => r.counts.hardlinks)).toEqual([2, 1, 0]);
    expect(rows.map((r) => r.counts.whiteouts)).toEqual([0, 3, 0]);
  });
});

/**
 * `inspect --path PATH` through the real CLI: every layer that touched the path, in text and
 * in JSON (validated against schema/inspect.schema.json by runCli), and its bad input.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { buildImage, writeOciLayout } from '../fixtures/image-builder/index.js';

let dir: string;
let layout: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-path-'));
  layout = join(dir, 'oci');
  const conf = (content: string, extra: { mode?: number; uid?: number; gid?: number } = {}) => ({
    type: 'file' as const,
    path: 'etc/app.conf',
    content,
    ...extra,
  });
  const image = buildImage({
    layers: [
      {
        createdBy: 'ADD rootfs.tar /',
        entries: [
          { type: 'dir', path: 'etc' },
          conf('a=1'),
          { type: 'dir', path: 'cache' },
          { type: 'file', path: 'cache/x', size: 5000 },
        ],
      },
      {
        createdBy: 'RUN chown app /etc/app.conf',
        entries: [{ type: 'dir', path: 'etc' }, conf('a=1', { uid: 1000, gid: 1000 })],
      },
      {
        createdBy: 'RUN echo b=22 > /etc/app.conf',
        entries: [{ type: 'dir', path: 'etc' }, conf('b=22', { uid: 1000, gid: 1000 })],
      },
      {
        createdBy: 'RUN rm /etc/app.conf && rm -rf /cache/*',
        entries: [
          { type: 'whiteout', path: 'etc/app.conf' },
          { type: 'dir', path: 'cache' },
          { type: 'opaque', dir: 'cache' },
        ],
      },
      { createdBy: 'RUN echo same > /etc/app.conf', entries: [{ type: 'dir', path: 'etc' }, conf('a=1')] },
    ],
  });
  writeOciLayout(layout, [{ image }]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspect --path', () => {
  it('prints every layer that touched the path: added, owner change, bytes before → after, removed, added again', async () => {
    const r = await runCli(['inspect', layout, '--path', 'etc//app.conf/', '--no-color'], { env: { COLUMNS: '160' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('History of /etc/app.conf');
    expect(lines[2]).toMatch(/^ +1 +added +file +3 B +-rw-r--r-- 0:0 +ADD rootfs\.tar \/$/);
    expect(lines[3]).toMatch(/^ +2 +mode\/owner +file +3 B → 3 B +-rw-r--r-- 1000:1000 +owner +RUN chown app/);
    expect(lines[4]).toMatch(/^ +3 +modified +file +3 B → 4 B +-rw-r--r-- 1000:1000 +size +RUN echo b=22/);
    expect(lines[5]).toMatch(/^ +4 +removed +file +4 B → gone +whiteout of \/etc\/app\.conf +RUN rm/);
    expect(lines[6]).toMatch(/^ +5 +added +file +3 B +-rw-r--r-- 0:0 +RUN echo same/);
    expect(lines).toHaveLength(7);
  });

  it('says what hid a path, and that it is gone, in --json', async () => {
    const r = await runCli(['inspect', layout, '--path', '/cache/x', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.pathHistory).toEqual({
      path: '/cache/x',
      present: false,
      touches: [
        {
          layer: 1,
          kind: 'added',
          type: 'file',
          bytes: 5000,
          bytesBefore: null,
          mode: 0o644,
          uid: 0,
          gid: 0,
          linkTarget: null,
          changed: [],
          by: null,
          command: 'ADD rootfs.tar /',
        },
        {
          layer: 4,
          kind: 'hidden',
          type: 'file',
          bytes: 0,
          bytesBefore: 5000,
          mode: null,
          uid: null,
          gid: null,
          linkTarget: null,
          changed: [],
          by: '/cache',
          command: 'RUN rm /etc/app.conf && rm -rf /cache/*',
        },
      ],
    });
    const plain = JSON.parse((await runCli(['inspect', layout, '--json'])).stdout);
    expect(plain).not.toHaveProperty('pathHistory');
  });

  it('a path no layer has: a line saying so; bad --path values: exit 2 with one line', async () => {
    const none = await runCli(['inspect', layout, '--path', '/nope', '--no-color']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe(
      'History of /nope  (not in the final file system)\n  no layer has an entry at this path\n',
    );
    for (const args of [
      ['--path', '/'],
      ['--path', '/etc', '--quick'],
    ]) {
      const r = await runCli(['inspect', layout, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^layerscope: --path /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

/** Corners of layer tars, one scan each: names, links, whiteouts, opaque directories. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanBlob } from '../../src/scan/scan-blob.js';
import { normalizePath } from '../../src/scan/tar/tar-entry.js';
import { buildLayer, type EntrySpec, type LayerSpec } from '../fixtures/image-builder/index.js';

async function scan(entries: EntrySpec[], opts: Partial<LayerSpec> = {}) {
  const layer = buildLayer({ entries, ...opts });
  return scanBlob(Readable.from([layer.blob]), { expectDiffID: layer.diffID, expectDigest: layer.digest });
}

describe('tar entries become file records', () => {
  it('reads PAX and GNU long names in full', async () => {
    const long = `a/${'x'.repeat(150)}/${'y'.repeat(120)}.txt`;
    for (const style of ['pax', 'gnu'] as const) {
      const s = await scan([{ type: 'file', path: long, content: 'z' }], { longNames: style });
      expect(s.entries.map((e) => e.path)).toEqual([`/${long}`]);
    }
  });

  it('keeps non-UTF-8 names as escaped bytes and marks them', async () => {
    const s = await scan([
      { type: 'file', path: Buffer.from([0x61, 0xe9, 0x62]) },
      { type: 'file', path: 'ü.txt' },
    ]);
    expect(s.entries[0]).toMatchObject({ path: '/a\\xe9b', rawName: true });
    expect(s.entries[1].path).toBe('/ü.txt');
    expect(s.entries[1].rawName).toBeUndefined();
  });

  it('turns .wh. files into whiteouts of the named path and .wh..wh..opq into opaque directories', async () => {
    const s = await scan([
      { type: 'whiteout', path: 'etc/gone.conf' },
      { type: 'opaque', dir: 'var/cache' },
    ]);
    expect(s.entries).toEqual([
      { path: '/etc/gone.conf', type: 'whiteout', size: 0, mode: 0 },
      { path: '/var/cache', type: 'opaque', size: 0, mode: 0 },
    ]);
    expect(s.inodes).toBe(1);
  });

  it('resolves hardlink targets to absolute paths and counts their bytes once', async () => {
    const s = await scan([
      { type: 'file', path: 'bin/a', size: 1000 },
      { type: 'hardlink', path: 'bin/b', target: 'bin/a' },
      { type: 'symlink', path: 'bin/c', target: '../lib/x' },
    ]);
    expect(s.entries[1]).toMatchObject({ type: 'hardlink', linkTarget: '/bin/a', size: 0 });
    expect(s.entries[2]).toMatchObject({ type: 'symlink', linkTarget: '../lib/x' });
    expect(s.contentBytes).toBe(1000);
    expect(s.size).toBe(1000 + '../lib/x'.length);
    expect(s.inodes).toBe(2);
  });

  it('keeps permission bits only', async () => {
    const s = await scan([{ type: 'file', path: 'x', content: '1', mode: 0o4755 }]);
    expect(s.entries[0].mode).toBe(0o4755);
  });

  it('keeps owner and group ids (from the header, or a PAX record when too large), absent when 0', async () => {
    const s = await scan([
      { type: 'file', path: 'a', content: '1', uid: 1000, gid: 50 },
      { type: 'dir', path: 'd', uid: 0, gid: 33 },
      { type: 'file', path: 'big', content: '1', uid: 3_000_000_000, gid: 0o7777777 + 1 },
      { type: 'file', path: 'root', content: '1' },
    ]);
    expect(s.entries.map((e) => [e.path, e.uid, e.gid])).toEqual([
      ['/a', 1000, 50],
      ['/d', undefined, 33],
      ['/big', 3_000_000_000, 0o7777777 + 1],
      ['/root', undefined, undefined],
    ]);
  });

  it('hashes content only when asked', async () => {
    const layer = buildLayer({ entries: [{ type: 'file', path: 'f', content: 'abc' }] });
    const plain = await scanBlob(Readable.from([layer.blob]));
    const hashed = await scanBlob(Readable.from([layer.blob]), { hashContent: true });
    expect(plain.entries[0].hash).toBeUndefined();
    expect(hashed.entries[0].hash).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('rejects a blob whose diffID does not match', async () => {
    const layer = buildLayer({ entries: [{ type: 'file', path: 'f', content: 'abc' }] });
    const wrong = `sha256:${'0'.repeat(64)}`;
    await expect(scanBlob(Readable.from([layer.blob]), { expectDiffID: wrong })).rejects.toThrow(/diffID mismatch/);
  });

  it('normalizes every mix of ".", empty and "/" components as splitting on "/" does', () => {
    const bySplit = (name: string) =>
      '/' +
      name
        .split('/')
        .filter((p) => p !== '' && p !== '.')
        .join('/');
    const parts = ['', '.', '..', 'a', 'bc', '/', './', '//'];
    const names: string[] = [];
    const grow = (s: string, depth: number) => {
      names.push(s);
      if (depth < 4) for (const p of parts) grow(s + p, depth + 1);
    };
    grow('', 0);
    for (const name of names) expect(normalizePath(name), JSON.stringify(name)).toBe(bySplit(name));
  });
});

/**
 * The tar walker against tar-stream, the oracle: the same headers, in the same order, for
 * archives written by GNU tar (ustar, gnu, pax formats, with prefixes, long names and links)
 * and by the fixture builder (non-UTF-8 names, whiteouts), however the bytes are chunked.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { TarHeader } from '../../src/tar/tar-header.js';
import { TarWalker } from '../../src/tar/tar-walker.js';
import { buildLayerTar } from '../fixtures/image-builder/index.js';

const work = mkdtempSync(join(tmpdir(), 'layerscope-walker-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Seen = Pick<TarHeader, 'name' | 'type' | 'size' | 'mode' | 'linkname'> & { path?: string; body?: string };

const archives = new Map<string, Buffer>();

/** A tree with the corners GNU tar encodes differently per format. */
function gnuTarArchive(format: 'ustar' | 'gnu' | 'pax'): Buffer {
  const made = archives.get(format);
  if (made) return made;
  const root = join(work, `tree-${format}`);
  const deep = join(root, 'd'.repeat(90), 'e'.repeat(90)); // > 100 bytes: ustar prefix / long name
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'file.txt'), 'x'.repeat(1000));
  writeFileSync(join(root, 'empty'), '');
  writeFileSync(join(root, 'block'), Buffer.alloc(512, 1));
  linkSync(join(root, 'block'), join(root, 'hard'));
  symlinkSync('d'.repeat(90) + '/target', join(root, 'link'));
  if (format !== 'ustar') writeFileSync(join(root, `${'n'.repeat(150)}.txt`), 'long name');
  const out = join(work, `${format}.tar`);
  execFileSync('tar', [`--format=${format}`, '--sort=name', '-C', root, '-cf', out, '.']);
  archives.set(format, readFileSync(out));
  return archives.get(format)!;
}

function fixtureArchive(): Buffer {
  return buildLayerTar(
    [
      { type: 'dir', path: 'app' },
      { type: 'file', path: Buffer.from([0x61, 0xe9, 0x62]), content: 'raw' },
      { type: 'file', path: `app/${'p'.repeat(120)}`, content: 'pax name' },
      { type: 'whiteout', path: 'app/gone' },
      { type: 'opaque', dir: 'app/cache' },
      { type: 'symlink', path: 'app/s', target: `../${'t'.repeat(130)}` },
    ],
    { longNames: 'pax' },
  );
}

function withBody(
  h: {
    name: string;
    type: string | null;
    size?: number;
    mode?: number;
    linkname?: string | null;
    pax?: Record<string, string> | null;
  },
  body: string | undefined,
): Seen {
  return {
    name: h.name,
    type: h.type,
    size: h.size ?? 0,
    mode: h.mode ?? 0,
    linkname: h.linkname ?? null,
    path: h.pax?.path,
    body,
  };
}

async function viaTarStream(bytes: Buffer): Promise<Seen[]> {
  const seen: Seen[] = [];
  const extract = tar.extract({ filenameEncoding: 'latin1' } as Parameters<typeof tar.extract>[0]);
  extract.on('entry', (header, stream, next) => {
    const hash = createHash('sha1');
    stream.on('data', (c: Buffer) => hash.update(c));
    stream.on('end', () => {
      seen.push(withBody(header as Parameters<typeof withBody>[0], hash.digest('hex')));
      next();
    });
    stream.resume();
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
    Readable.from([bytes]).pipe(extract as unknown as NodeJS.WritableStream);
  });
  return seen;
}

function viaWalker(bytes: Buffer, chunk: number): Seen[] {
  const seen: Seen[] = [];
  const walker = new TarWalker((header) => {
    const hash = createHash('sha1');
    return { update: (c) => void hash.update(c), end: () => void seen.push(withBody(header, hash.digest('hex'))) };
  });
  for (let off = 0; off < bytes.length; off += chunk) walker.write(bytes.subarray(off, off + chunk));
  walker.end();
  return seen;
}

const CHUNKS = [1, 7, 511, 512, 513, 4096, 1 << 20];

describe('tar walker', () => {
  for (const format of ['ustar', 'gnu', 'pax'] as const) {
    it(`reads GNU tar's ${format} format as tar-stream does, in any chunking`, async () => {
      const bytes = gnuTarArchive(format);
      const expected = await viaTarStream(bytes);
      expect(expected.length).toBeGreaterThan(5);
      expect(expected.some((e) => e.name.length > 100)).toBe(true);
      for (const chunk of CHUNKS) expect(viaWalker(bytes, chunk), `chunks of ${chunk}`).toEqual(expected);
    });
  }

  it('reads the fixture builder’s raw names, PAX records and whiteouts as tar-stream does', async () => {
    const bytes = fixtureArchive();
    const expected = await viaTarStream(bytes);
    expect(expected.some((e) => e.path !== undefined)).toBe(true);
    for (const chunk of CHUNKS) expect(viaWalker(bytes, chunk), `chunks of ${chunk}`).toEqual(expected);
  });

  it('reports a damaged header and an archive cut inside a header or a body', () => {
    const bytes = gnuTarArchive('gnu');
    const damaged = Buffer.from(bytes);
    damaged[600] ^= 0xff; // inside the second header
    expect(() => viaWalker(damaged, 4096)).toThrow(/Invalid tar header/);
    expect(() => viaWalker(bytes.subarray(0, 700), 4096)).toThrow(/Unexpected end of data/);
    const firstBody = 512 * 3 + 100;
    expect(() => viaWalker(bytes.subarray(0, firstBody), 4096)).toThrow(/Unexpected end of data|Invalid tar header/);
    expect(() => viaWalker(Buffer.from('not a tar at all'.repeat(64)), 512)).toThrow(/Invalid tar header/);
  });
});

/**
 * Every offline source must produce identical scans of the same image: docker-archive
 * (legacy, Docker 25+ and gzip-compressed), OCI layout with gzip, zstd and plain layers,
 * and oci-archive. The engine and registry sources join in their own test files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceImage, scanReference, scanSummary } from '../helpers/conformance.js';
import {
  withLayerCompression,
  writeDockerArchive,
  writeOciArchive,
  writeOciLayout,
  type BuiltImage,
} from '../fixtures/image-builder/index.js';

let dir: string;
let built: BuiltImage;
const refs: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-conformance-'));
  built = conformanceImage();
  const tagged = [{ image: built, tags: ['conformance:1.0'] }];
  writeDockerArchive(join(dir, 'legacy.tar'), tagged, { format: 'legacy' });
  writeDockerArchive(join(dir, 'docker25.tar'), tagged, { format: 'oci' });
  writeDockerArchive(join(dir, 'legacy.tar.gz'), tagged, { format: 'legacy', gzip: true });
  for (const c of ['gzip', 'zstd', 'none'] as const) {
    writeOciLayout(join(dir, `oci-${c}`), [{ image: withLayerCompression(built, c), tag: '1.0' }]);
  }
  writeOciArchive(join(dir, 'oci.tar'), [{ image: built, tag: '1.0' }]);
  Object.assign(refs, {
    'docker-archive legacy': `docker-archive:${join(dir, 'legacy.tar')}`,
    'docker-archive Docker 25+': `docker-archive:${join(dir, 'docker25.tar')}`,
    'docker-archive gzip': join(dir, 'legacy.tar.gz'),
    'oci gzip layers': `oci:${join(dir, 'oci-gzip')}:1.0`,
    'oci zstd layers': `oci:${join(dir, 'oci-zstd')}:1.0`,
    'oci plain layers': `oci:${join(dir, 'oci-none')}`,
    'oci-archive': `oci-archive:${join(dir, 'oci.tar')}:1.0`,
    'bare oci-archive path': join(dir, 'oci.tar'),
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('conformance: every offline source scans the same image identically', () => {
  it.each([
    'docker-archive legacy',
    'docker-archive Docker 25+',
    'docker-archive gzip',
    'oci gzip layers',
    'oci zstd layers',
    'oci plain layers',
    'oci-archive',
    'bare oci-archive path',
  ])('%s', async (name) => {
    const reference = await scanReference(refs['docker-archive legacy']);
    const other = await scanReference(refs[name]);
    expect(other.summary).toEqual(reference.summary);
    expect(other.image.id).toBe(built.configDigest);
    expect(other.image.layers.map((l) => l.diffID)).toEqual(built.layers.map((l) => l.diffID));
    expect(other.image.history).toHaveLength(6);
  });

  it('records what the bytes are, known by construction', async () => {
    const { image, scans } = await scanReference(refs['oci zstd layers']);
    expect(image.layers.map((l) => l.compression)).toEqual(['zstd', 'zstd', 'zstd', 'zstd']);
    expect(scans.map((s) => s.diffID)).toEqual(built.layers.map((l) => l.diffID));
    expect(scans.map((s) => s.tarSize)).toEqual(built.layers.map((l) => l.tar.length));
    const [base, names, empty, deletes] = scanSummary(scans);
    expect(base.counts).toEqual({ files: 4, dirs: 5, symlinks: 1, hardlinks: 1, whiteouts: 0, opaques: 0, other: 2 });
    // 4 files + 5 dirs + 1 symlink + 2 devices; the hardlink shares the busybox inode.
    expect(base.inodes).toBe(12);
    expect(base.contentBytes).toBe(70_000 + 30 + 5_000 + 3);
    expect(base.size).toBe(base.contentBytes + 'busybox'.length);
    expect(names.counts.files).toBe(3);
    expect(empty.entries).toEqual([]);
    expect(empty.inodes).toBe(0);
    // A whiteout is a 0/0 char device (one inode); the opaque marker is an xattr (none).
    expect(deletes.counts).toMatchObject({ files: 1, whiteouts: 1, opaques: 1 });
    expect(deletes.inodes).toBe(2);
  });

  it('keeps the blob digest of compressed layers', async () => {
    const { image } = await scanReference(refs['oci gzip layers']);
    expect(image.layers.map((l) => l.digest)).toEqual(built.layers.map((l) => l.digest));
    expect(image.layers.map((l) => l.compression)).toEqual(['gzip', 'gzip', 'gzip', 'gzip']);
    expect(image.layers.map((l) => l.blobSize)).toEqual(built.layers.map((l) => l.blob.length));
  });
});

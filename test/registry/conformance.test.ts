/**
 * The registry source joins the conformance suite: the conformance image, pushed by skopeo
 * to a real registry as an OCI manifest (gzip and zstd layers) and converted to a Docker v2
 * schema 2 manifest, scans exactly as the docker-archive of the same image does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLayerCompression, writeDockerArchive, type BuiltImage } from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';
import { conformanceImage, scanReference } from '../helpers/conformance.js';
import { pushImages, testRegistries } from '../helpers/registry.js';

const regs = testRegistries();
let dir: string;
let built: BuiltImage;
let archiveRef: string;

/** The manifest's media type as the registry serves it, asked for by hand (not through layerscope). */
function servedMediaType(host: string, repo: string, tag: string): Promise<string | undefined> {
  const accept = [
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
  ].join(', ');
  return new Promise((resolve, reject) => {
    http
      .get(`http://${host}/v2/${repo}/manifests/${tag}`, { headers: { accept } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body).mediaType));
      })
      .on('error', reject);
  });
}

describe.skipIf(!regs)('conformance: the registry source scans like the archive', () => {
  const ref = (repo: string) => `docker://${regs!.anonymous}/conformance/${repo}:1.0`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'layerscope-registry-conformance-'));
    built = conformanceImage();
    archiveRef = `docker-archive:${join(dir, 'legacy.tar')}`;
    writeDockerArchive(join(dir, 'legacy.tar'), [{ image: built, tags: ['conformance:1.0'] }], { format: 'legacy' });
    await pushImages([{ image: built, tag: '1.0' }], '1.0', `${regs!.anonymous}/conformance/oci:1.0`);
    await pushImages(
      [{ image: withLayerCompression(built, 'zstd'), tag: '1.0' }],
      '1.0',
      `${regs!.anonymous}/conformance/zstd:1.0`,
    );
    await pushImages([{ image: built, tag: '1.0' }], '1.0', `${regs!.anonymous}/conformance/docker:1.0`, {
      format: 'v2s2',
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('pushed the manifest formats the test means to read', async () => {
    expect(await servedMediaType(regs!.anonymous, 'conformance/oci', '1.0')).toBe(
      'application/vnd.oci.image.manifest.v1+json',
    );
    expect(await servedMediaType(regs!.anonymous, 'conformance/docker', '1.0')).toBe(
      'application/vnd.docker.distribution.manifest.v2+json',
    );
  });

  it.each(['oci', 'zstd', 'docker'])('%s manifest: scan equals the docker-archive scan', async (repo) => {
    const expected = await scanReference(archiveRef);
    const got = await scanReference(ref(repo));
    expect(got.summary).toEqual(expected.summary);
    expect(got.image.id).toBe(built.configDigest);
    expect(got.image.source).toBe('registry');
    expect(got.image.history).toEqual(expected.image.history);
    expect(got.image.repoTags).toEqual([`${regs!.anonymous}/conformance/${repo}:1.0`]);
  });

  it('keeps blob digests and sizes from the manifest, and they match what the scan read', async () => {
    const { image, scans } = await scanReference(ref('oci'));
    expect(image.manifestDigest).toBe(built.manifestDigest);
    expect(image.layers.map((l) => l.digest)).toEqual(built.layers.map((l) => l.digest));
    expect(image.layers.map((l) => l.blobSize)).toEqual(built.layers.map((l) => l.blob.length));
    expect(scans.map((s) => s.diffID)).toEqual(built.layers.map((l) => l.diffID));
    expect(image.layers.map((l) => l.compression)).toEqual(built.layers.map((l) => l.compression));
  });

  it('pulls by digest (registry: transport too)', async () => {
    const got = await scanReference(`registry:${regs!.anonymous}/conformance/oci@${built.manifestDigest}`);
    expect(got.image.id).toBe(built.configDigest);
    expect(got.image.manifestDigest).toBe(built.manifestDigest);
    expect(got.image.repoTags).toEqual([]);
  });

  it('inspect --json through the CLI reports the same rows as the archive', async () => {
    const fromRegistry = await runCli(['inspect', '--json', ref('docker')]);
    const fromArchive = await runCli(['inspect', '--json', archiveRef]);
    expect(fromRegistry.stderr).toBe('');
    expect(fromRegistry.code).toBe(0);
    // The archive's layers are plain tars, the registry's gzip: compare all but how they are stored.
    const rows = (out: string) =>
      JSON.parse(out).rows.map(
        ({ layer, createdBy, diffID, size, tarBytes, counts, inodes }: Record<string, unknown>) => ({
          layer,
          createdBy,
          diffID,
          size,
          tarBytes,
          counts,
          inodes,
        }),
      );
    expect(rows(fromRegistry.stdout)).toEqual(rows(fromArchive.stdout));
  });
});

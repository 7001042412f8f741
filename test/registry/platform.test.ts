/**
 * Multi-platform images in a real registry: an OCI image index and a Docker manifest list
 * (skopeo --all, and --format v2s2 for the list), chosen from with --platform.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openImage } from '../../src/source/open-image.js';
import { hostPlatform, parsePlatform } from '../../src/source/oci/platform.js';
import { buildImage, type BuiltImage } from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';
import { pushImages, testRegistries } from '../helpers/registry.js';

const regs = testRegistries();

function platformImage(architecture: string, variant?: string): BuiltImage {
  return buildImage({
    platform: { os: 'linux', architecture, ...(variant ? { variant } : {}) },
    layers: [
      { entries: [{ type: 'file', path: `arch-${architecture}${variant ?? ''}`, size: 100 + architecture.length }] },
    ],
  });
}

const images = {
  amd64: platformImage('amd64'),
  arm64: platformImage('arm64', 'v8'),
  armv7: platformImage('arm', 'v7'),
};
const idOf = async (ref: string, platform?: string) => {
  const image = await openImage(ref, { platform: platform ? parsePlatform(platform) : undefined });
  await image.close();
  return image.id;
};

describe.skipIf(!regs)('platform selection from a registry index', () => {
  const refs = {
    oci: () => `docker://${regs!.anonymous}/platforms/oci:multi`,
    docker: () => `docker://${regs!.anonymous}/platforms/docker:multi`,
  };

  beforeAll(async () => {
    const all = Object.values(images).map((image) => ({ image, tag: 'multi' }));
    await pushImages(all, 'multi', `${regs!.anonymous}/platforms/oci:multi`, { all: true }, { index: 'nested' });
    await pushImages(
      all,
      'multi',
      `${regs!.anonymous}/platforms/docker:multi`,
      { all: true, format: 'v2s2' },
      { index: 'nested' },
    );
    await pushImages([{ image: images.arm64, tag: 'one' }], 'one', `${regs!.anonymous}/platforms/single:one`);
  });

  it.each(['oci', 'docker'] as const)('%s index: picks the image for --platform', async (kind) => {
    expect(await idOf(refs[kind](), 'linux/arm64')).toBe(images.arm64.configDigest);
    expect(await idOf(refs[kind](), 'linux/arm64/v8')).toBe(images.arm64.configDigest);
    expect(await idOf(refs[kind](), 'linux/arm/v7')).toBe(images.armv7.configDigest);
    expect(await idOf(refs[kind](), 'linux/amd64')).toBe(images.amd64.configDigest);
  });

  it("without --platform, picks this host's platform", async () => {
    const host = hostPlatform();
    const expected = Object.values(images).find((i) => i.platform.architecture === host.architecture);
    if (!expected) return; // a host architecture the index does not carry: covered by the error test
    expect(await idOf(refs.oci())).toBe(expected.configDigest);
  });

  it('an unlisted platform: one line listing the available ones, exit 2', async () => {
    const r = await runCli(['inspect', refs.docker(), '--platform', 'linux/s390x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `layerscope: ${regs!.anonymous}/platforms/docker:multi: no image for platform linux/s390x; available: linux/amd64, linux/arm64/v8, linux/arm/v7\n`,
    );
  });

  it('the manifest digest of the chosen platform is reported; a single-platform image refuses another --platform', async () => {
    const image = await openImage(refs.oci(), { platform: parsePlatform('linux/arm/v7') });
    expect(image.manifestDigest).toBe(images.armv7.manifestDigest);
    expect(await idOf(`docker://${regs!.anonymous}/platforms/single:one`, 'linux/arm64')).toBe(
      images.arm64.configDigest,
    );
    const r = await runCli([
      'inspect',
      `docker://${regs!.anonymous}/platforms/single:one`,
      '--platform',
      'linux/amd64',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `layerscope: ${regs!.anonymous}/platforms/single:one: the image is for linux/arm64/v8, not linux/amd64`,
    );
  });
});

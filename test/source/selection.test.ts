/** Choosing one image: platforms in flat and nested indexes, tags in multi-image archives. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImage } from '../../src/source/open-image.js';
import { hostPlatform, parsePlatform } from '../../src/source/oci/platform.js';
import {
  buildImage,
  writeDockerArchive,
  writeOciArchive,
  writeOciLayout,
  type BuiltImage,
} from '../fixtures/image-builder/index.js';

let dir: string;
const images: Record<string, BuiltImage> = {};

function platformImage(architecture: string, variant?: string): BuiltImage {
  return buildImage({
    platform: { os: 'linux', architecture, ...(variant ? { variant } : {}) },
    layers: [{ entries: [{ type: 'file', path: `arch-${architecture}${variant ?? ''}`, content: architecture }] }],
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-select-'));
  images.amd64 = platformImage('amd64');
  images.arm64 = platformImage('arm64', 'v8');
  images.armv7 = platformImage('arm', 'v7');
  images.armv6 = platformImage('arm', 'v6');
  const all = [images.amd64, images.arm64, images.armv7, images.armv6].map((image) => ({ image, tag: 'multi' }));
  writeOciLayout(join(dir, 'nested'), all, { index: 'nested' });
  writeOciArchive(join(dir, 'flat.tar'), all, { index: 'flat' });
  writeDockerArchive(
    join(dir, 'two.tar'),
    [
      { image: images.amd64, tags: ['app:1.0', 'registry.example.com/team/app:1.0'] },
      { image: images.arm64, tags: ['app:2.0'] },
    ],
    { format: 'oci' },
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const idOf = async (ref: string, platform?: string) => {
  const image = await openImage(ref, { platform: platform ? parsePlatform(platform) : undefined });
  await image.close();
  return image.id;
};

describe('platform selection', () => {
  it.each(['nested', 'flat.tar'])('picks by --platform in a %s index', async (name) => {
    const ref = `${name.endsWith('.tar') ? 'oci-archive' : 'oci'}:${join(dir, name)}:multi`;
    expect(await idOf(ref, 'linux/arm64')).toBe(images.arm64.configDigest);
    expect(await idOf(ref, 'linux/arm64/v8')).toBe(images.arm64.configDigest);
    expect(await idOf(ref, 'linux/arm/v6')).toBe(images.armv6.configDigest);
  });

  it("defaults to this host's platform", async () => {
    const expected = hostPlatform().architecture === 'arm64' ? images.arm64 : images.amd64;
    expect(await idOf(`oci:${join(dir, 'nested')}`)).toBe(expected.configDigest);
  });

  it('lists the platforms that exist when the wanted one is absent', async () => {
    await expect(idOf(`oci:${join(dir, 'nested')}`, 'linux/s390x')).rejects.toThrow(
      /no image for platform linux\/s390x; available: linux\/amd64, linux\/arm64\/v8, linux\/arm\/v7, linux\/arm\/v6/,
    );
  });

  it('calls an ambiguous platform ambiguous', async () => {
    await expect(idOf(`oci:${join(dir, 'nested')}`, 'linux/arm')).rejects.toThrow(/linux\/arm is ambiguous/);
  });

  it('rejects a malformed --platform before reading anything', () => {
    expect(() => parsePlatform('linux')).toThrow(/not os\/arch/);
  });
});

describe('archives with several images', () => {
  const two = () => join(dir, 'two.tar');
  it('selects by tag, in every spelling the docker CLI accepts', async () => {
    expect(await idOf(`docker-archive:${two()}:app:2.0`)).toBe(images.arm64.configDigest);
    expect(await idOf(`docker-archive:${two()}:docker.io/library/app:1.0`)).toBe(images.amd64.configDigest);
    expect(await idOf(`docker-archive:${two()}:registry.example.com/team/app:1.0`)).toBe(images.amd64.configDigest);
    expect(await idOf(`${two()}:app:2.0`)).toBe(images.arm64.configDigest);
  });

  it('errors with the list of tags when none is given', async () => {
    await expect(idOf(`docker-archive:${two()}`)).rejects.toThrow(
      /holds 2 images; choose one: app:1\.0, registry\.example\.com\/team\/app:1\.0, app:2\.0/,
    );
  });

  it('errors with the list of tags for an unknown tag', async () => {
    await expect(idOf(`docker-archive:${two()}:app:9`)).rejects.toThrow(/no image tagged "app:9"/);
  });
});

/** validateImage: a well-formed image passes; each broken invariant is named. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Image } from '../../src/source/model.js';
import { openImage } from '../../src/source/open-image.js';
import { validateImage } from '../../src/source/validate-image.js';
import { writeOciLayout } from '../fixtures/image-builder/index.js';
import { conformanceImage } from '../helpers/conformance.js';

let dir: string;
let image: Image;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-validate-'));
  writeOciLayout(join(dir, 'oci'), [{ image: conformanceImage() }]);
  image = await openImage(`oci:${join(dir, 'oci')}`);
});

afterAll(async () => {
  await image.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('validateImage', () => {
  it('passes an image a source returned', () => {
    expect(validateImage(image)).toEqual([]);
  });

  it.each<[string, (i: Image) => Image, RegExp]>([
    ['a layer out of place', (i) => ({ ...i, layers: [...i.layers].reverse() }), /layers\[0\]\.index is/],
    [
      'a diffID that is no digest',
      (i) => ({ ...i, layers: [{ ...i.layers[0], diffID: 'md5:00' }, ...i.layers.slice(1)] }),
      /layers\[0\]\.diffID is not a digest/,
    ],
    [
      'a negative blob size',
      (i) => ({ ...i, layers: [{ ...i.layers[0], blobSize: -1 }, ...i.layers.slice(1)] }),
      /layers\[0\]\.blobSize is not a byte count/,
    ],
    [
      'history that names another number of layers',
      (i) => ({ ...i, layers: i.layers.slice(1).map((l, k) => ({ ...l, index: k })) }),
      /history names \d+ layers, the image has/,
    ],
    ['an image ID that is no digest', (i) => ({ ...i, id: 'latest' }), /id latest is not a digest/],
    ['a platform without os', (i) => ({ ...i, platform: { ...i.platform, os: '' } }), /platform has no os/],
  ])('names %s', (_what, broken, message) => {
    const problems = validateImage(broken(image));
    expect(problems.join('; ')).toMatch(message);
  });
});

/**
 * Bad input, through the real CLI: one line naming the input and what is wrong (plus an
 * optional hint line), exit code 2, no stack trace, no hang.
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { blobPath } from '../../src/source/oci/oci-layout.js';
import {
  buildImage,
  withLayerCompression,
  writeDockerArchive,
  writeOciLayout,
  type BuiltImage,
} from '../fixtures/image-builder/index.js';

let dir: string;
let image: BuiltImage;
const p = (name: string) => join(dir, name);

/** An OCI layout copy with one of its files replaced or damaged. */
function damagedLayout(name: string, damage: (root: string) => void, from = 'good-oci'): string {
  const root = p(name);
  cpSync(p(from), root, { recursive: true });
  damage(root);
  return root;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-bad-'));
  image = buildImage({
    layers: [
      {
        entries: [
          { type: 'file', path: 'data/big.bin', size: 200_000 },
          { type: 'file', path: 'etc/conf', content: 'x=1' },
        ],
      },
      { entries: [{ type: 'file', path: 'app/main.js', size: 50_000 }] },
    ],
  });
  writeOciLayout(p('good-oci'), [{ image }]);
  writeOciLayout(p('zstd-oci'), [{ image: withLayerCompression(image, 'zstd') }]);
  writeOciLayout(p('plain-oci'), [{ image: withLayerCompression(image, 'none') }]);
  writeDockerArchive(p('good.tar'), [{ image, tags: ['app:1'] }], { format: 'legacy' });
  copyFileSync(p('good.tar'), p('truncated.tar'));
  truncateSync(p('truncated.tar'), Math.floor(readFileSync(p('good.tar')).length / 2));
  writeFileSync(p('not-a-tar.txt'), 'hello, this is not an archive\n'.repeat(40));
  writeFileSync(p('corrupt.tar.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(600, 0x41)]));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const layerBlob = (root: string, i = 0, img = image) => join(root, blobPath(img.layers[i].digest));

const zstdBlob = (root: string) => layerBlob(root, 0, withLayerCompression(image, 'zstd'));
const plainBlob = (root: string) => layerBlob(root, 0, withLayerCompression(image, 'none'));

function flipByte(file: string, at: (len: number) => number) {
  const bytes = readFileSync(file);
  const i = at(bytes.length);
  bytes[i] ^= 0xff;
  writeFileSync(file, bytes);
}

const cases: Array<[string, () => string[], RegExp]> = [
  ['missing path', () => ['inspect', p('nope.tar')], /no such file: .*nope\.tar$/],
  ['not a tar', () => ['inspect', p('not-a-tar.txt')], /not-a-tar\.txt: not a tar archive/],
  ['truncated tar', () => ['inspect', p('truncated.tar')], /truncated\.tar: truncated tar/],
  ['corrupt gzip archive', () => ['inspect', p('corrupt.tar.gz')], /corrupt\.tar\.gz: cannot read gzip archive/],
  [
    'corrupt gzip layer',
    () => ['inspect', damagedLayout('gz-bad', (r) => flipByte(layerBlob(r), (n) => Math.floor(n / 2)))],
    /reading layer 1\/2 of .*gz-bad.*(corrupt gzip|mismatch)/,
  ],
  [
    'truncated gzip layer',
    () => ['inspect', damagedLayout('gz-short', (r) => truncateSync(layerBlob(r), 100))],
    /gz-short: layer 1 of 2: blob sha256:[0-9a-f]+ has 100 bytes, its descriptor says \d+/,
  ],
  [
    'corrupt zstd layer',
    () => ['inspect', `oci:${damagedLayout('zst-bad', (r) => flipByte(zstdBlob(r), (n) => n - 8), 'zstd-oci')}`],
    /reading layer 1\/2 of .*zst-bad: (corrupt zstd data|unexpected end of data|diffID mismatch)/,
  ],
  [
    'truncated zstd layer',
    () => ['inspect', `oci:${damagedLayout('zst-short', (r) => truncateSync(zstdBlob(r), 40), 'zstd-oci')}`],
    /zst-short: layer 1 of 2: blob sha256:[0-9a-f]+ has 40 bytes, its descriptor says \d+/,
  ],
  [
    'missing blob',
    () => ['inspect', damagedLayout('no-blob', (r) => rmSync(layerBlob(r, 1)))],
    /no-blob: missing blob blobs\/sha256\//,
  ],
  [
    'malformed index.json',
    () => ['inspect', damagedLayout('bad-index', (r) => writeFileSync(join(r, 'index.json'), '{"manifests": ['))],
    /bad-index: index\.json: malformed JSON/,
  ],
  [
    'malformed config',
    () => [
      'inspect',
      damagedLayout('bad-config', (r) => writeFileSync(join(r, blobPath(image.configDigest)), '{nope')),
    ],
    /bad-config: blob sha256:[0-9a-f]+ does not match its digest/,
  ],
  [
    'diffID mismatch',
    () => ['inspect', `oci:${damagedLayout('mismatch', (r) => flipByte(plainBlob(r), () => 5_000), 'plain-oci')}`],
    /reading layer 1\/2 of .*mismatch: diffID mismatch: expected sha256:/,
  ],
  ['unknown transport', () => ['inspect', 'ftp:/x/y'], /ftp:\/x\/y: unknown transport "ftp:"/],
  [
    'unsupported transport',
    () => ['inspect', 'containers-storage:/x'],
    /containers-storage: transport is not supported/,
  ],
  [
    'unknown platform',
    () => ['inspect', '--platform', 'linux/s390x', p('good-oci')],
    /no image for platform linux\/s390x; available: linux\/amd64/,
  ],
  [
    'malformed --platform',
    () => ['inspect', '--platform', 'amd64', p('good-oci')],
    /--platform: "amd64" is not os\/arch/,
  ],
  ['unknown option', () => ['inspect', '--bogus', p('good-oci')], /unknown option '--bogus'/],
  ['missing argument', () => ['inspect'], /missing required argument 'ref'/],
];

describe('bad input: one line, exit code 2', () => {
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await runCli(args());
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^layerscope: /);
    expect(lines[0]).toMatch(message);
    expect(lines.length).toBeLessThanOrEqual(2);
    if (lines[1]) expect(lines[1]).toMatch(/^ {2}hint: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('shows the stack with --debug', async () => {
    const r = await runCli(['--debug', 'inspect', p('truncated.tar')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('reads the undamaged copies without complaint', async () => {
    for (const ref of [p('good-oci'), p('zstd-oci'), p('plain-oci'), p('good.tar')]) {
      const r = await runCli(['inspect', '--json', ref]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).totals.counts.files).toBe(3);
    }
  });
});

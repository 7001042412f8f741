/** diff and series with bad input: one line (plus a hint), exit 2, checked before any image is read. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { buildImage, writeOciLayout } from '../fixtures/image-builder/index.js';

let dir: string;
let good: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-compare-bad-'));
  good = join(dir, 'oci');
  writeOciLayout(good, [
    { image: buildImage({ layers: [{ entries: [{ type: 'file', path: 'a', size: 10 }] }] }), tag: '1' },
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: Array<[string, () => string[], RegExp, RegExp | null]> = [
  [
    'series of one image',
    () => ['series', `oci:${good}:1`],
    /^layerscope: series needs at least two images \(got 1\)$/m,
    /hint: layerscope series app:1\.0/,
  ],
  [
    'missing second image',
    () => ['diff', `oci:${good}:1`, `docker-archive:${join(dir, 'nope.tar')}`],
    /^layerscope: no such file: .*nope\.tar$/m,
    /hint: every reference is checked before any image is read/,
  ],
  [
    'two bad references at once',
    () => ['series', 'oci:', `oci:${good}:1`, join(dir, 'missing.tar')],
    /^layerscope: oci:: the oci: transport needs a path; no such file: .*missing\.tar$/m,
    /hint: use docker-archive:PATH/,
  ],
  [
    '--json with --markdown',
    () => ['diff', '--json', '--markdown', `oci:${good}:1`, `oci:${good}:1`],
    /^layerscope: --json and --markdown: choose one output$/m,
    null,
  ],
  [
    '--top 0',
    () => ['diff', '--top', '0', `oci:${good}:1`, `oci:${good}:1`],
    /^layerscope: --top must be a whole number from 1 \(got "0"\)$/m,
    null,
  ],
  [
    '--pull with a file',
    () => ['diff', '--pull', `oci:${good}:1`, `oci:${good}:1`],
    /--pull applies only to images in the Docker Engine/,
    /hint: drop --pull/,
  ],
  [
    '--platform malformed',
    () => ['series', '--platform', 'linux', `oci:${good}:1`, `oci:${good}:1`],
    /^layerscope: --platform: "linux" is not os\/arch\[\/variant\]$/m,
    /hint: /,
  ],
  [
    'missing argument',
    () => ['diff', `oci:${good}:1`],
    /^layerscope: missing required argument 'b'$/m,
    /hint: see layerscope --help/,
  ],
];

describe('diff and series: bad input', () => {
  it.each(cases)('%s', async (_name, args, message, hint) => {
    const r = await runCli(args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    if (hint) expect(r.stderr).toMatch(hint);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an image that is unreadable midway fails with one line naming it', async () => {
    const r = await runCli(['diff', `oci:${good}:1`, `oci:${good}:9`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^layerscope: .*9.*$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

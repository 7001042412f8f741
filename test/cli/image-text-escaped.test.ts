/**
 * Text from an image is data: a repo tag, created_by, file and directory names, a symlink
 * target and the platform variant carry colour (SGR), a title-setting OSC, CR, LF, the C1
 * CSI and a right-to-left override. No command may print one of them raw, on stdout or in
 * an error line; each must be shown as its escape (README, "Text from the image").
 * NO_COLOR=1 (runCli), so any ESC in the output came from the input.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildImage,
  dockerLegacyFiles,
  writeDockerArchive,
  writeOciLayout,
  type ImageSpec,
} from '../fixtures/image-builder/index.js';
import { writeFileSetToTar } from '../fixtures/image-builder/file-set.js';
import { runCli } from '../helpers/cli.js';

/** Every hostile piece, as the image holds it and as layerscope must show it. */
const HOSTILE = '\x1b[31mRED\x1b]0;title\x07\r\n\u009bCSI\u202eRLO';
const SHOWN = '\\x1b[31mRED\\x1b]0;title\\x07\\r\\n\\u009bCSI\\u202eRLO';
/** A control character of any kind but the line feed that ends a line. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

function spec(v: string): ImageSpec {
  return {
    platform: { os: 'linux', architecture: 'arm64', variant: `v8${HOSTILE}` },
    layers: [
      { createdBy: 'ADD rootfs.tar /', entries: [{ type: 'file', path: 'etc/os-release', content: 'ID=x' }] },
      {
        createdBy: `RUN echo ${HOSTILE} ${v}`,
        entries: [
          { type: 'file', path: `app/f${HOSTILE}.${v}`, size: 4000 + Number(v) },
          { type: 'file', path: `d${HOSTILE}/inner`, size: 2000 },
          { type: 'file', path: `d${HOSTILE}/kept`, size: 10 },
          { type: 'symlink', path: `l${HOSTILE}`, target: `t${HOSTILE}` },
        ],
      },
      { createdBy: `RUN rm ${HOSTILE}`, entries: [{ type: 'whiteout', path: `d${HOSTILE}/inner` }] },
    ],
  };
}

const dir = mkdtempSync(join(tmpdir(), 'layerscope-esc-'));
const [a, b] = [join(dir, 'a.tar'), join(dir, 'b.tar')];
const layout = join(dir, 'layout');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  writeDockerArchive(a, [{ image: buildImage(spec('1')), tags: [`esc:1${HOSTILE}`] }], { format: 'oci' });
  writeDockerArchive(b, [{ image: buildImage(spec('2')), tags: [`esc:2${HOSTILE}`] }], { format: 'legacy' });
  mkdirSync(layout);
  writeOciLayout(layout, [
    { image: buildImage(spec('1')), tag: `one${HOSTILE}` },
    { image: buildImage(spec('2')), tag: 'two' },
  ]);
});

/** No raw control character, and the escaped form shown; markdown as it renders (its backslash escapes undone). */
function expectEscaped(out: string, what: string, markdown = false): void {
  const at = RAW.exec(out);
  expect(
    at,
    `${what}: raw U+${at?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} at ${at?.index}:\n${out}`,
  ).toBeNull();
  expect(markdown ? out.replace(/\\([\\[\]`*_<>|~])/g, '$1') : out, what).toContain(SHOWN);
}

async function run(args: string[], code = 0, env?: NodeJS.ProcessEnv) {
  const r = await runCli(args, { env });
  expect(r.code, r.stderr).toBe(code);
  expect(RAW.exec(r.stderr), r.stderr).toBeNull();
  return r;
}

describe('text from the image is shown escaped', () => {
  it('inspect: the layer table (command), tags, platform, waste by layer', async () => {
    const r = await run(['inspect', a]);
    expectEscaped(r.stdout, 'inspect');
    expect(r.stdout).toContain(`Tags         esc:1${SHOWN}`);
    expect(r.stdout).toContain(`Platform     linux/arm64/v8${SHOWN}`);
    expect(r.stdout).toContain(`RUN echo ${SHOWN} 1`);
  });

  it('inspect --files, --tree and --files --layer N (paths, directory names, the layer title)', async () => {
    for (const flags of [
      ['--files'],
      ['--tree'],
      ['--files', '--layer', '2'],
      ['--tree', '--layer', '2', '--sort', 'inodes'],
    ]) {
      const r = await run(['inspect', a, ...flags]);
      expectEscaped(r.stdout, flags.join(' '));
    }
    const files = await run(['inspect', a, '--files', '--layer', '2']);
    expect(files.stdout).toContain(`/app/f${SHOWN}.1`);
    expect(files.stdout).toContain(`layer 2 \`RUN echo ${SHOWN} 1\``);
  });

  it('inspect --json keeps the raw values', async () => {
    const r = await run(['inspect', a, '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.image.repoTags).toEqual([`esc:1${HOSTILE}`]);
    expect(doc.rows.map((row: { createdBy: string }) => row.createdBy)).toContain(`RUN echo ${HOSTILE} 1`);
  });

  it('diff: text and markdown', async () => {
    const text = await run(['diff', a, b]);
    expectEscaped(text.stdout, 'diff');
    expect(text.stdout).toContain(`/app/f${SHOWN}.2`);
    const md = await run(['diff', a, b, '--markdown']);
    expectEscaped(md.stdout, 'diff --markdown', true);
    expect(md.stdout).toContain(`\`RUN echo ${SHOWN} 2\``); // in a code span, as it is
  });

  it('series: text and markdown', async () => {
    expectEscaped((await run(['series', a, b, a])).stdout, 'series');
    expectEscaped((await run(['series', a, b, '--markdown'])).stdout, 'series --markdown', true);
  });

  it('check: text, markdown, JUnit and GitHub annotations', async () => {
    const config = join(dir, 'budget.yml');
    writeFileSync(config, ['image:', '  maxSize: 1kB', 'forbiddenPaths: ["/app/**"]'].join('\n'));
    const [md, junit] = [join(dir, 'check.md'), join(dir, 'check.xml')];
    const r = await run(['check', b, '--config', config, '--markdown', md, '--junit', junit], 1, {
      GITHUB_ACTIONS: 'true',
    });
    expectEscaped(r.stdout, 'check text + annotations');
    expect(r.stdout).toMatch(/^::error .*\\x1b\[31mRED/m);
    expectEscaped(readFileSync(md, 'utf8'), 'check --markdown', true);
    expectEscaped(readFileSync(junit, 'utf8'), 'check --junit');
  });

  it('footprint: text and markdown (image names)', async () => {
    expectEscaped((await run(['footprint', `oci:${layout}:one${HOSTILE}`])).stdout, 'footprint');
    expectEscaped(
      (await run(['footprint', `oci:${layout}:one${HOSTILE}`, '--markdown'])).stdout,
      'footprint --markdown',
      true,
    );
  });
});

describe('error lines quoting the image are escaped', () => {
  it('a tag that is not there: the reference and the tags of the layout', async () => {
    const r = await run(['inspect', `oci:${layout}:no\x1b[31mpe`], 2);
    expect(r.stderr).toContain('no image tagged "no\\x1b[31mpe"');
    expect(r.stderr).toContain(`tags: one${SHOWN}, two`);
    expect(r.stderr.split('\n')).toHaveLength(2); // one line, and the newline that ends it
  });

  it('a layout of several images: the tags to choose from, in the message and the hint', async () => {
    const r = await run(['inspect', `oci:${layout}`], 2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^layerscope: .*choose one by tag: one${SHOWN.replace(/[\\[\]]/g, '\\$&')}, two\n  hint: for example oci:`,
      ),
    );
    expect(RAW.exec(r.stderr)).toBeNull();
  });

  it('a layer member named with ESC: missing, and corrupt (with --debug too)', async () => {
    const image = buildImage(spec('3'));
    const files = dockerLegacyFiles([{ image, tags: ['c:1'] }]);
    const rename = (p: string) => p.replace(/^([0-9a-f]{64})\//, `$1${HOSTILE}/`);
    const manifest = JSON.parse(files.get('manifest.json')!.toString());
    const first: string = manifest[0].Layers[0];
    manifest[0].Layers = manifest[0].Layers.map(rename);
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    const missing = new Map([...files, ['manifest.json', manifestBytes]]);
    writeFileSetToTar(join(dir, 'missing.tar'), missing);
    const m = await run(['inspect', join(dir, 'missing.tar')], 2);
    expect(m.stderr).toContain(`${SHOWN}/layer.tar named in manifest.json`);

    // Every layer.tar under its ESC name, the first one's tar headers garbled.
    const corrupt = new Map(
      [...files].map(([p, data]) => [rename(p), p === first ? Buffer.alloc(data.length, 0x41) : data] as const),
    );
    corrupt.set('manifest.json', manifestBytes);
    const file = join(dir, `bad\x1b[31m${HOSTILE}.tar`);
    writeFileSetToTar(file, corrupt);
    for (const debug of [[], ['--debug']]) {
      const c = await run(['inspect', file, ...debug], 2);
      expect(c.stderr).toMatch(/^layerscope: reading layer 1\/3 of .*bad\\x1b\[31m\\x1b\[31mRED.*: /);
    }
  });
});

/**
 * Markdown output with hostile names: file names, commands, rule globs and image paths with
 * `<`, `|`, backticks, `*`, `_` and brackets. Every markdown renderer (diff, series, check,
 * footprint) must keep its tables' shape and show no raw HTML or unescaped markup.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mdCode, mdText } from '../../src/render/common/markdown.js';
import { buildImage, writeDockerArchive, type ImageSpec } from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';

const HOSTILE_PATH = 'app/<img src=x>|a`b`*c*_d_[e](f).js';
const HOSTILE_COMMAND = "RUN echo '<script>alert(1)</script>' | tee `x` && *bold* _it_";

function spec(v: string): ImageSpec {
  return {
    layers: [
      { createdBy: 'ADD rootfs.tar /', entries: [{ type: 'file', path: 'etc/os-release', content: 'ID=x' }] },
      {
        createdBy: HOSTILE_COMMAND,
        entries: [
          { type: 'file', path: `${HOSTILE_PATH}.${v}`, size: 3000 },
          { type: 'file', path: 'app/node_modules/x/index.js', size: 100 },
        ],
      },
    ],
  };
}

const dir = mkdtempSync(join(tmpdir(), 'layerscope-md-'));
const images = join(dir, 'we<ird>|na`me');
const [a, b] = [join(images, 'a.tar'), join(images, 'b.tar')];
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  mkdirSync(images);
  writeDockerArchive(a, [{ image: buildImage(spec('1')), tags: ['md:1'] }], { format: 'oci' });
  writeDockerArchive(b, [{ image: buildImage(spec('2')), tags: ['md:2'] }], { format: 'oci' });
});

/** The markdown with its code spans taken out (their content is literal). */
const outsideCode = (md: string) => md.replace(/(`+) ?[\s\S]*? ?\1/g, 'CODE');
/** Pipes that split a table row (not escaped). */
const splits = (line: string) => line.match(/(?<!\\)\|/g)?.length ?? 0;

function expectSafe(md: string): void {
  const plain = outsideCode(md);
  // No HTML from a name: the only tags are the renderers' own.
  const tags = [...plain.matchAll(/(?<!\\)<\/?([a-z]+)/gi)].map((m) => m[1]);
  expect(
    tags.filter((t) => !['sub', 'details', 'summary'].includes(t)),
    md,
  ).toEqual([]);
  for (const mark of ['*c*', '_d_', '[e](f)', '*bold*', '_it_']) expect(plain, md).not.toContain(mark);
  // Every row of a table has the heading's number of cells.
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\|[-:| ]+\|$/.test(lines[i]) || i === 0) continue;
    const cells = splits(lines[i - 1]);
    for (let j = i + 1; j < lines.length && lines[j].startsWith('|'); j++)
      expect(splits(lines[j]), lines[j]).toBe(cells);
  }
}

describe('markdown with hostile names', () => {
  it('diff --markdown', async () => {
    const r = await runCli(['diff', a, b, '--markdown']);
    expect(r.code, r.stderr).toBe(0);
    expectSafe(r.stdout);
    expect(r.stdout).toContain('<img src=x>'); // inside a code span, as written
  });

  it('series --markdown', async () => {
    const r = await runCli(['series', a, b, a, '--markdown']);
    expect(r.code, r.stderr).toBe(0);
    expectSafe(r.stdout);
  });

  it('check --markdown', async () => {
    const config = join(dir, 'budget.yml');
    writeFileSync(
      config,
      [
        'paths:',
        '  - { glob: "/app/<img src=x>|a`b`*c*_d_[e](f).js.*", maxSize: 1kB }',
        'image:',
        '  maxSize: 1kB',
      ].join('\n'),
    );
    const out = join(dir, 'check.md');
    const r = await runCli(['check', b, '--config', config, '--markdown', out]);
    expect(r.code, r.stderr).toBe(1);
    const md = readFileSync(out, 'utf8');
    expectSafe(md);
    expect(md).toContain('`` paths[/app/<img src=x>\\|a`b`*c*_d_[e](f).js.*].maxSize ``');
  });

  it('footprint --markdown', async () => {
    const r = await runCli(['footprint', a, b, '--markdown']);
    expect(r.code, r.stderr).toBe(0);
    expectSafe(r.stdout);
    expect(r.stdout).toContain('we\\<ird\\>\\|na\\`me');
  });
});

describe('mdText and mdCode', () => {
  it('escape every markdown-active character, and code spans survive backticks', () => {
    expect(mdText('a<b>|c`d*e_f[g]\\h ~i &amp; & j _k_')).toBe(
      'a\\<b\\>\\|c\\`d\\*e_f\\[g\\]\\\\h \\~i \\&amp; & j \\_k\\_',
    );
    expect(mdCode('a `b` c')).toBe('`` a `b` c ``');
    expect(mdCode('plain')).toBe('`plain`');
  });
});

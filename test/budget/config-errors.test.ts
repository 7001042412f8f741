/**
 * Config errors say where (FILE:LINE:COLUMN), all at once, before any image is read; and sizes
 * echo in the unit the config wrote them in.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBudgetConfig } from '../../src/analysis/budget/config/parse-config.js';
import { runCli } from '../helpers/cli.js';

const problems = (text: string, file = 'c.yml') =>
  parseBudgetConfig(text, file).problems.map((p) => `${p.line}:${p.column}: ${p.message}`);

describe('config problems, each with line and column', () => {
  it("a warn threshold beyond fail, in the rule's direction", () => {
    expect(
      problems('image:\n  maxSize: { warn: 2GB, fail: 1GB }\nwaste:\n  minEfficiency: { warn: 80%, fail: 90% }\n'),
    ).toEqual([
      '2:20: image.maxSize: warn is beyond fail (warn 2GB, fail 1GB): a warning comes below the failure',
      '4:26: waste.minEfficiency: warn is beyond fail (warn 80%, fail 90%): a warning comes above the failure',
    ]);
    expect(
      problems('image:\n  maxSize: { warn: 1GB, fail: 2GB }\nwaste:\n  minEfficiency: { warn: 90%, fail: 80% }\n'),
    ).toEqual([]);
    expect(problems('paths:\n  - glob: /app\n    maxInodes: { warn: 10, fail: 5 }\n')).toEqual([
      '3:24: paths[/app].maxInodes: warn is beyond fail (warn 10, fail 5): a warning comes below the failure',
    ]);
  });

  it('an empty glob', () => {
    expect(problems('paths:\n  - glob: ""\n    maxSize: 1MB\n  - maxSize: 1MB\nforbiddenPaths: ["/ok", ""]\n')).toEqual(
      [
        '2:11: paths: empty glob (give an absolute glob, e.g. /app/node_modules/**)',
        '4:5: paths: empty glob (give an absolute glob, e.g. /app/node_modules/**)',
        '5:25: forbiddenPaths: empty glob (give an absolute glob, e.g. "**/.git")',
      ],
    );
  });

  it('JSON with a trailing comma, or otherwise not JSON, at the offending character', () => {
    expect(problems('{\n  "image": {\n    "maxSize": "1GB",\n  }\n}\n', 'c.json')).toEqual([
      '3:21: trailing comma (JSON allows none before } or ])',
    ]);
    expect(problems('{ "forbiddenPaths": ["/a",] }', 'c.json')).toEqual([
      '1:26: trailing comma (JSON allows none before } or ])',
    ]);
    expect(problems('{\n  "image": { "maxSize": \'1GB\' }\n}', 'c.json')).toEqual([
      '2:25: JSON: strings take double quotes',
    ]);
    expect(problems('{"image": {"maxSize": "1GB"}} // budget', 'c.json')).toEqual([
      '1:31: JSON: more text after the document',
    ]);
    expect(problems('{\n  "image": {', 'c.json')).toEqual(['2:13: JSON: unexpected end of the file']);
    // The same text as YAML is fine: YAML allows the trailing comma.
    expect(problems('{\n  "image": {\n    "maxSize": "1GB",\n  }\n}\n', 'c.yml')).toEqual([]);
  });

  it('an unknown key, with "did you mean" where one is close', () => {
    expect(
      problems(
        'images:\n  maxSize: 1GB\nimage:\n  maxLayrs: 3\n  maxSize: { warn: 1GB, fial: 2GB }\npaths:\n  - glob: /app\n    maxSise: 1MB\n    maxSize: 1MB\ncolour: blue\n',
      ),
    ).toEqual([
      '1:1: unknown section "images" (did you mean "image"?)',
      '4:3: unknown rule "image.maxLayrs" (did you mean "maxLayers"? rules in image: maxSize, maxCompressedSize, maxLayers, maxInodes)',
      '5:25: image.maxSize: unknown key "fial" (use warn and/or fail; did you mean "fail"?)',
      '8:5: paths: unknown key "maxSise" (did you mean "maxSize"?)',
      '10:1: unknown section "colour" (known: image, layer, waste, growth, packages, paths, forbiddenPaths)',
    ]);
  });

  it('YAML syntax errors', () => {
    const [p] = problems('image:\n  maxSize: [1,\n');
    expect(p).toMatch(/^3:1: .+/);
    expect(problems('image:\n\tmaxSize: 1GB\n')[0]).toMatch(/^2:1: .+/);
  });
});

describe('layerscope check: config errors as FILE:LINE:COLUMN, with the usage errors, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-config-errors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every problem at once, before any image is read', async () => {
    writeFileSync(join(dir, '.layerscope.json'), '{\n  "image": { "maxSize": "1GB" },\n}\n');
    const r = await runCli(['check', 'docker:app:1', '--platform', 'nope', `--junit=${join(dir, 'no-dir', 'r.xml')}`], {
      cwd: dir,
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        'layerscope: 3 problems:',
        // Found in the working directory: named relative to it, as CI annotations expect.
        '  .layerscope.json:2:32: trailing comma (JSON allows none before } or ])',
        '  --platform: "nope" is not os/arch[/variant]',
        `  --junit ${join(dir, 'no-dir', 'r.xml')}: cannot write: no such directory`,
        '  hint: see "layerscope check --help" and README "In CI"',
        '',
      ].join('\n'),
    );
  });
});

describe('sizes echo in the unit the config wrote them in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-units-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('text, markdown and JUnit show 1.5 GiB; JSON keeps bytes and names the unit', async () => {
    mkdirSync(join(dir, 'run'));
    const cwd = join(dir, 'run');
    writeFileSync(
      join(cwd, '.layerscope.yml'),
      'image:\n  maxSize: 1.5GiB\n  maxInodes: 40k\nlayer:\n  maxSize: { warn: 2MB, fail: 3 MiB }\npaths:\n  - glob: /app/node_modules/**\n    maxSize: 1MiB\n',
    );
    const r = await runCli(
      ['check', join(process.cwd(), 'samples', 'app-1.2.tar'), '--json=r.json', '--markdown=r.md', '--junit=r.xml'],
      { cwd },
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^PASS +image\.maxSize +2\.33 MB +≤ 1\.5 GiB /m);
    expect(r.stdout).not.toMatch(/1\.61 GB/);
    expect(r.stdout).toMatch(/^WARN +layer\.maxSize +2\.09 MB +≤ 2 MB /m);
    expect(r.stdout).toMatch(/^FAIL +paths\[\/app\/node_modules\/\*\*\]\.maxSize +(1\.99|2) MiB +≤ 1 MiB /m);
    expect(r.stdout).toMatch(/^PASS +image\.maxInodes +3,287 +≤ 40,000 /m);
    expect(readFileSync(join(cwd, 'r.md'), 'utf8')).toMatch(/\| `image\.maxSize` \| 2\.33 MB \| ≤ 1\.5 GiB \|/);
    expect(readFileSync(join(cwd, 'r.xml'), 'utf8')).toMatch(
      /message="\/app\/node_modules\/\*\* size: (1\.99|2) MiB \(limit ≤ 1 MiB\)/,
    );
    const results = JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8')).results as Array<{
      id: string;
      limit: number;
      unit: string | null;
      actual: number;
    }>;
    const byId = Object.fromEntries(results.map((x) => [x.id, x]));
    expect(byId['image.maxSize']).toMatchObject({ limit: 1.5 * 1024 ** 3, unit: 'GiB' });
    expect(byId['layer.maxSize']).toMatchObject({ limit: 2_000_000, unit: 'MB' });
    expect(byId['paths[/app/node_modules/**].maxSize']).toMatchObject({ limit: 1024 ** 2, unit: 'MiB' });
    expect(byId['image.maxInodes']).toMatchObject({ limit: 40_000, unit: null });
    expect(Number.isInteger(byId['image.maxSize'].actual)).toBe(true);
  });
});

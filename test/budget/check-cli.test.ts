/**
 * `layerscope check` end to end on generated images: every rule passing and failing, every
 * output format, exit codes, config discovery and config errors, and a baseline from the
 * real engine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, validateJson } from '../helpers/cli.js';
import { buildImage, writeDockerArchive, writeOciLayout, type EntrySpec } from '../fixtures/image-builder/index.js';

let dir: string;
const p = (name: string) => join(dir, name);

const modules = (n: number): EntrySpec[] =>
  Array.from({ length: n }, (_, i) => ({
    type: 'file' as const,
    path: `app/node_modules/pkg${i}/index.js`,
    size: 1_000,
  }));

// v1: base 100 kB; deps 50 files × 1 kB; app with a .git; a 30 kB file written then deleted.
// v2: same base and deps, new app layer (+20 kB).
const base: EntrySpec[] = [{ type: 'file', path: 'bin/tool', size: 100_000, mode: 0o755 }];
const app = (extra: number): EntrySpec[] => [
  { type: 'file', path: 'app/server.js', size: 10_000 + extra },
  { type: 'file', path: 'app/.git/HEAD', content: 'ref: refs/heads/main\n' },
  { type: 'file', path: 'tmp/build.log', size: 30_000 },
];
const v1 = buildImage({
  layers: [
    { entries: base, createdBy: 'ADD rootfs.tar /' },
    { entries: modules(50), createdBy: 'RUN npm ci' },
    { entries: app(0), createdBy: 'COPY . /app' },
    { entries: [{ type: 'whiteout', path: 'tmp/build.log' }], createdBy: 'RUN rm /tmp/build.log' },
  ],
});
const v2 = buildImage({
  layers: [...v1.spec.layers.slice(0, 2), { entries: app(20_000), createdBy: 'COPY . /app' }, v1.spec.layers[3]],
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-check-'));
  writeOciLayout(p('oci'), [
    { image: v1, tag: '1' },
    { image: v2, tag: '2' },
  ]);
  writeDockerArchive(p('v1.tar'), [{ image: v1, tags: ['app:1'] }], { format: 'legacy' });
  writeDockerArchive(p('v2.tar'), [{ image: v2, tags: ['app:2'] }], { format: 'legacy' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(name: string, text: string): string {
  const d = p(name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, name.endsWith('dive') ? '.dive-ci' : '.layerscope.yml'), text);
  return d;
}

async function check(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = await runCli(['check', ...args, '--json', join(cwd, 'out.json')], { cwd, env });
  const doc = r.code === 2 ? null : validateJson('check', JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8')));
  const statuses = doc
    ? Object.fromEntries(doc.results.map((x: { id: string; status: string }) => [x.id, x.status]))
    : {};
  return { ...r, doc, statuses };
}

// Known by construction (v2; the builder writes only the entries listed, no parent dirs):
// layer 1: 100,000 B, 1 inode; layer 2: 50 × 1,000 B, 50 inodes; layer 3: 30,000 + 21 + 30,000 B
// (build.log, deleted by layer 4 but still shipped), 3 inodes; layer 4: a whiteout, 1 inode.
// Size 210,021 B, 55 inodes. v1 is 20,000 B smaller: growth 20,000 = 10.5%; layers 3 and 4 are
// new by chain ID (reuse 2/4), 4 new inodes. dive: build.log seen twice (30,000 + 0):
// wasted 30,000, efficiency 180,021 / 210,021 = 85.7%, user-wasted 30,000 / 110,021 = 27.3%.
const LOOSE = `
image: { maxSize: 210021, maxCompressedSize: 1MB, maxLayers: 4, maxInodes: 55 }
layer: { maxSize: 100kB, maxInodes: 50 }
paths:
  - { glob: /app/node_modules/**, maxSize: 50kB, maxInodes: 50 }
forbiddenPaths: [/root/.npm]
waste: { minEfficiency: 85%, maxWastedBytes: 30kB, maxUserWastedPercent: 28%, maxReclaimableBytes: 30kB }
growth: { maxGrowth: 20kB, maxGrowthPercent: 11%, maxPullBytes: 1MB, maxNewInodes: 4, minLayerReuse: 50% }
`;
const TIGHT = `
image: { maxSize: 210020, maxCompressedSize: 1kB, maxLayers: 3, maxInodes: 54 }
layer: { maxSize: 99999, maxInodes: 49 }
paths:
  - { glob: /app/node_modules/**, maxSize: 49999, maxInodes: 49 }
forbiddenPaths: ["**/.git", /tmp/build.log]
waste: { minEfficiency: 86%, maxWastedBytes: 29999, maxUserWastedPercent: 27%, maxReclaimableBytes: 29999 }
growth: { maxGrowth: 19999, maxGrowthPercent: 10%, maxPullBytes: 100, maxNewInodes: 3, minLayerReuse: 51% }
`;

describe('layerscope check: rules', () => {
  it('passes every rule within its limit (exit 0)', async () => {
    const r = await check([`oci:${p('oci')}:2`, '--baseline', `oci:${p('oci')}:1`], config('loose', LOOSE));
    expect(r.code, r.stderr).toBe(0);
    expect(Object.values(r.statuses).every((s) => s === 'pass')).toBe(true);
    expect(Object.keys(r.statuses)).toHaveLength(18);
    expect(r.doc.summary).toEqual({ status: 'pass', pass: 18, warn: 0, fail: 0, skip: 0 });
  });

  it('says in each row whether it judged an estimate: pull bytes of plain docker-archive layers are', async () => {
    writeDockerArchive(p('v2.tar'), [{ image: v2, tags: ['app:2'] }], { format: 'legacy' });
    const plain = await check([p('v2.tar'), '--baseline', p('v1.tar')], config('loose', LOOSE));
    const blobs = await check([`oci:${p('oci')}:2`, '--baseline', `oci:${p('oci')}:1`], config('loose', LOOSE));
    const estimated = (doc: { results: Array<{ id: string; estimated: boolean }> }) =>
      doc.results.filter((x) => x.estimated).map((x) => x.id);
    expect(estimated(plain.doc)).toEqual(['growth.maxPullBytes']);
    expect(estimated(blobs.doc)).toEqual([]);
  });

  it('judges maxPullBytes of docker save archives on the gzip -6 estimate, and says so', async () => {
    // layers 3 and 4 of v2 are new (4 sits on the changed 3): a 61 kB tar of filler bytes and a
    // whiteout, far less once gzipped (what docker push sends; small layers are deflated whole)
    const [pushed, tars] = [2, 3].reduce(
      ([g, t], i) => [g + gzipSync(v2.layers[i].tar, { level: 6 }).length, t + v2.layers[i].tar.length],
      [0, 0],
    );
    expect(pushed).toBeLessThan(10_000);
    expect(tars).toBeGreaterThan(10_000);
    const cwd = config('pull-estimate', 'growth: { maxPullBytes: 10kB }\n');
    const r = await check([`docker-archive:${p('v2.tar')}`, '--baseline', `docker-archive:${p('v1.tar')}`], cwd);
    expect(r.code, r.stderr).toBe(0);
    const [row] = r.doc.results;
    expect(row).toMatchObject({
      id: 'growth.maxPullBytes',
      status: 'pass',
      actual: pushed,
      estimated: true,
      note: expect.stringMatching(/^judged an estimate \(≈\): .*gzip -6/),
    });
    // the actual echoes the unit of its limit (kB), as every size row does
    expect(r.stdout).toMatch(
      new RegExp(`PASS +growth\\.maxPullBytes +≈${(pushed / 1000).toPrecision(3)} kB +≤ 10 kB .*judged an estimate`),
    );
    const exact = await check([`oci:${p('oci')}:2`, '--baseline', `oci:${p('oci')}:1`], cwd);
    expect(exact.doc.results[0]).toMatchObject({ estimated: false, note: null });
  });

  it('fails every rule past its limit (exit 1), naming the culprit', async () => {
    const r = await check([`oci:${p('oci')}:2`, '--baseline', `oci:${p('oci')}:1`], config('tight', TIGHT));
    expect(r.code, r.stderr).toBe(1);
    expect(Object.entries(r.statuses).filter(([, s]) => s !== 'fail')).toEqual([]);
    const byId = Object.fromEntries(r.doc.results.map((x: { id: string }) => [x.id, x]));
    expect(byId['layer.maxSize']).toMatchObject({ actual: 100_000, culprit: 'layer 1 ADD rootfs.tar /' });
    expect(byId['paths[/app/node_modules/**].maxSize']).toMatchObject({
      actual: 50_000,
      culprit: 'layer 2 RUN npm ci',
    });
    expect(byId['forbiddenPaths[/tmp/build.log]'].note).toMatch(
      /\/tmp\/build.log \(layer 3\), deleted later but still shipped/,
    );
    expect(byId['growth.maxGrowth']).toMatchObject({ actual: 20_000, culprit: 'layer 3 COPY . /app' });
    expect(byId['growth.minLayerReuse']).toMatchObject({ actual: 0.5 });
    expect(byId['waste.maxReclaimableBytes']).toMatchObject({ actual: 30_000 });
    expect(byId['waste.minEfficiency'].actual).toBeCloseTo(180_021 / 210_021, 6);
    expect(byId['waste.maxUserWastedPercent'].actual).toBeCloseTo(30_000 / 110_021, 6);
    expect(byId['growth.maxNewInodes']).toMatchObject({ actual: 4 });
    expect(byId['image.maxInodes']).toMatchObject({ actual: 55 });
    expect(r.stdout).toMatch(/FAIL\s+image\.maxSize/);
  });

  it('warns without failing, and --warn-only never fails', async () => {
    const cwd = config('warn', 'image:\n  maxSize: { warn: 100kB, fail: 1MB }\n');
    const r = await check([`oci:${p('oci')}:2`], cwd);
    expect(r.code).toBe(0);
    expect(r.statuses['image.maxSize']).toBe('warn');
    const failing = await check([`oci:${p('oci')}:2`, '--warn-only'], config('warn-only', 'image:\n  maxSize: 1kB\n'));
    expect(failing.code).toBe(0);
    expect(failing.statuses['image.maxSize']).toBe('fail');
  });

  it('skips growth rules without --baseline and compressed size for docker save archives', async () => {
    const r = await check(
      [p('v1.tar')],
      config('skips', 'image: { maxCompressedSize: 1MB }\ngrowth: { maxGrowth: 1MB }\n'),
    );
    expect(r.code).toBe(0);
    expect(r.statuses).toEqual({ 'image.maxCompressedSize': 'skip', 'growth.maxGrowth': 'skip' });
  });
});

describe('layerscope check: dive users', () => {
  it("reads .dive-ci when no layerscope config exists, with dive's numbers", async () => {
    const r = await check(
      [`oci:${p('oci')}:1`],
      config(
        'x-dive',
        'rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: 0.20\n',
      ),
    );
    expect(r.doc.configFormat).toBe('dive-ci');
    // layer 3 writes /tmp/build.log (30,000) and layer 4 deletes it: dive counts both visits.
    expect(Object.keys(r.statuses)).toEqual([
      'waste.minEfficiency',
      'waste.maxWastedBytes',
      'waste.maxUserWastedPercent',
    ]);
    expect(r.statuses['waste.maxWastedBytes']).toBe('pass');
  });
});

describe('layerscope check: outputs', () => {
  it('writes JSON, markdown and JUnit, and annotates and summarises on GitHub Actions', async () => {
    const cwd = config('outputs', TIGHT);
    const summary = join(cwd, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = await runCli(
      ['check', `oci:${p('oci')}:2`, '--json', 'r.json', '--markdown', 'r.md', '--junit', 'r.xml'],
      { cwd, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } },
    );
    expect(r.code).toBe(1);
    const json = validateJson('check', JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8')));
    expect(json).toMatchObject({ schemaVersion: 2, kind: 'check', summary: { status: 'fail' } });
    for (const result of json.results) {
      expect(Object.keys(result).sort()).toEqual([
        'actual',
        'culprit',
        'direction',
        'estimated',
        'id',
        'kind',
        'limit',
        'line',
        'note',
        'status',
        'title',
        'unit',
      ]);
      expect(['pass', 'warn', 'fail', 'skip']).toContain(result.status);
    }
    const md = readFileSync(join(cwd, 'r.md'), 'utf8');
    expect(md).toMatch(/^### layerscope check: ❌ FAIL/);
    expect(md).toMatch(/\| ❌ FAIL \| `image.maxSize` \| 210 kB \| ≤ 210 kB \|/);
    const xml = readFileSync(join(cwd, 'r.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false }).parse(xml).testsuites.testsuite;
    expect(Number(suite['@_failures'])).toBe(json.summary.fail);
    expect(suite.testcase.filter((c: { failure?: unknown }) => c.failure)).toHaveLength(json.summary.fail);
    expect(r.stdout).toMatch(
      /^::error file=.*\.layerscope\.yml,line=2,title=layerscope image\.maxSize::image size \(uncompressed\): 210 kB/m,
    );
    expect(readFileSync(summary, 'utf8')).toMatch(/^# earlier step\n### layerscope check/);
  });
});

describe('layerscope check: bad config and usage (exit 2, before any image is read)', () => {
  it('reports every config problem with its line and column', async () => {
    const cwd = config('bad', 'image:\n  maxSize: lots\n  maxLayers: -1\nwaste:\n  minEfficiency: 200\n');
    const r = await runCli(['check', 'oci:/nonexistent-never-read'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.layerscope\.yml: 3 problems/);
    expect(r.stderr).toMatch(/\.layerscope\.yml:2:12: image.maxSize: "lots" is not a size/);
    expect(r.stderr).toMatch(/\.layerscope\.yml:3:14: image.maxLayers: -1 is not a whole number/);
    expect(r.stderr).toMatch(/\.layerscope\.yml:5:18: waste.minEfficiency: 200 is not a ratio/);
    expect(r.stderr).not.toMatch(/nonexistent-never-read/);
  });

  it('says when there is no config', async () => {
    const cwd = p('empty');
    mkdirSync(cwd, { recursive: true });
    const r = await runCli(['check', `oci:${p('oci')}:1`], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /no budget config: none of \.layerscope\.yml, \.layerscope\.yaml, \.layerscope\.json or \.dive-ci/,
    );
  });

  it('checks the baseline reference before reading the image', async () => {
    const r = await runCli(['check', `oci:${p('oci')}:1`, '--baseline', 'ftp:/x/y'], { cwd: config('ok', LOOSE) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown transport "ftp:"/);
  });
});

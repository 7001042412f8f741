/**
 * Cache faults through the real CLI: a cache file truncated, garbled, with a wrong figure, or
 * from another format version is ignored and rewritten; an unwritable cache costs only the
 * rescan — a full disk and a read-only file system (small tmpfs mounts) included; four processes
 * scanning into one cache at once all give the figures of a clean run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync, mkdirSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAN_FORMAT_VERSION } from '../../src/scan/layer-scan.js';
import { runCli } from '../helpers/cli.js';
import { REQUIRE_DOCKER } from '../helpers/engine.js';
import { buildImage, withLayerCompression, writeOciLayout } from '../fixtures/image-builder/index.js';

let dir: string;
let layout: string;
let layoutB: string;
let clean: unknown;

const p = (name: string) => join(dir, name);

/** The inspect JSON without the scan counters (which say where the scans came from). */
async function inspect(cacheHome: string, ref = layout): Promise<{ figures: unknown; stderr: string }> {
  const r = await runCli(['inspect', '--json', ref], { env: { XDG_CACHE_HOME: cacheHome } });
  expect(r.code, r.stderr).toBe(0);
  const { scan: _scan, ...figures } = JSON.parse(r.stdout);
  return { figures, stderr: r.stderr };
}

const scanFiles = (cacheHome: string) => {
  const d = join(cacheHome, 'layerscope', `scans-v${SCAN_FORMAT_VERSION}`);
  return readdirSync(d).map((f) => join(d, f));
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-cache-faults-'));
  const image = buildImage({
    layers: [
      {
        entries: [
          { type: 'file', path: 'etc/a', content: 'alpha' },
          { type: 'symlink', path: 'etc/l', target: 'a' },
          { type: 'dir', path: 'var' },
        ],
      },
      {
        entries: [
          { type: 'file', path: 'app/b', size: 4000 },
          { type: 'whiteout', path: 'etc/a' },
        ],
      },
    ],
  });
  layout = p('oci');
  layoutB = p('oci-zstd');
  writeOciLayout(layout, [{ image }]);
  writeOciLayout(layoutB, [{ image: withLayerCompression(image, 'zstd') }]);
  clean = (await inspect(p('no-cache-yet'))).figures;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const damages: Array<[string, (file: string) => void]> = [
  ['truncated', (f) => truncateSync(f, Math.floor(readFileSync(f).length / 2))],
  ['garbled', (f) => writeFileSync(f, Buffer.from('\x1f\x8b not really gzip at all'))],
  ['empty', (f) => writeFileSync(f, '')],
  ['from another version', (f) => rewrite(f, (s) => ({ ...s, formatVersion: 999 }))],
  ['a wrong figure', (f) => rewrite(f, (s) => ({ ...s, size: s.size + 1000, contentBytes: s.contentBytes + 1000 }))],
  ['a wrong type', (f) => rewrite(f, (s) => ({ ...s, tarSize: 'many' }))],
];

function rewrite(file: string, change: (scan: any) => any): void {
  const scan = JSON.parse(gunzipSync(readFileSync(file)).toString());
  writeFileSync(file, gzipSync(JSON.stringify(change(scan))));
}

describe('damaged cache files', () => {
  it.each(damages)('%s: ignored, rewritten, same figures', async (_name, damage) => {
    const home = p(`home-${_name.replace(/\W/g, '-')}`);
    await inspect(home);
    for (const f of scanFiles(home)) damage(f);
    const again = await inspect(home);
    expect(again.figures).toEqual(clean);
    expect(again.stderr).toBe('');
    // Rewritten: a third run is served from the cache, with the same figures.
    const r = await runCli(['inspect', '--json', layout], { env: { XDG_CACHE_HOME: home } });
    expect(JSON.parse(r.stdout).scan.layersFromCache).toBe(2);
    expect(JSON.parse(r.stdout).totals).toEqual((clean as any).totals);
  });

  it('an unwritable cache (its directory is a file, or under /proc) costs only the rescan', async () => {
    writeFileSync(p('a-file'), 'not a directory');
    for (const home of [p('a-file'), '/proc/self/no-such-cache']) {
      const r = await inspect(home);
      expect(r.figures).toEqual(clean);
      expect(r.stderr).toBe('');
    }
  });
});

/** A tmpfs of `size` mounted at `at` (root only); false where this machine cannot mount. */
function mountTmpfs(at: string, options: string): boolean {
  mkdirSync(at, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', at]);
  if (r.status === 0) return true;
  // CI runs as root (it starts dockerd): there a failed mount is a failure, not a skip.
  if (REQUIRE_DOCKER) throw new Error(`mount -t tmpfs failed: ${r.stderr}`);
  return false;
}

describe('a cache on a full disk or a read-only file system', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) spawnSync('umount', [m]);
  });

  it('a full disk: the scans are not kept, the figures are right, nothing is left half-written', async (ctx) => {
    const home = p('full');
    if (!mountTmpfs(home, 'size=64k')) return ctx.skip();
    mounts.push(home);
    // Fill it: the write stops at the end of the space (ENOSPC), as a full disk does.
    spawnSync('dd', ['if=/dev/zero', `of=${join(home, 'filler')}`, 'bs=4k', 'count=100']);
    expect(spawnSync('dd', ['if=/dev/zero', `of=${join(home, 'more')}`, 'bs=4k', 'count=1']).status).not.toBe(0);
    for (const ref of [layout, layoutB]) {
      const r = await inspect(home, ref);
      expect(r.figures).toEqual(ref === layout ? clean : (await inspect(p('b-full-clean'), ref)).figures);
      expect(r.stderr).toBe('');
    }
    const cacheDir = join(home, 'layerscope');
    const left = spawnSync('find', [cacheDir, '-type', 'f']).stdout.toString().trim();
    expect(left.split('\n').filter((f) => f && !f.endsWith('.json'))).toEqual([]);
  });

  it('a read-only file system: the figures are right, with no warning', async (ctx) => {
    const home = p('read-only');
    if (!mountTmpfs(home, 'size=64k,ro')) return ctx.skip();
    mounts.push(home);
    const r = await inspect(home);
    expect(r.figures).toEqual(clean);
    expect(r.stderr).toBe('');
  });
});

describe('several processes, one cache', () => {
  it('four concurrent runs (inspect and diff) all give the figures of a clean run', async () => {
    const home = p('shared');
    mkdirSync(home);
    const cleanB = (await inspect(p('b-clean'), layoutB)).figures;
    const cleanDiff = await runCli(['diff', '--json', '--no-cache', layout, layoutB], {
      env: { XDG_CACHE_HOME: p('diff-clean') },
    });
    expect(cleanDiff.code, cleanDiff.stderr).toBe(0);
    for (let round = 0; round < 2; round++) {
      const runs = await Promise.all([
        inspect(home),
        inspect(home, layoutB),
        runCli(['diff', '--json', layout, layoutB], { env: { XDG_CACHE_HOME: home } }),
        runCli(['diff', '--json', layoutB, layout], { env: { XDG_CACHE_HOME: home } }),
      ]);
      expect(runs[0].figures).toEqual(clean);
      expect(runs[1].figures).toEqual(cleanB);
      for (const d of [runs[2], runs[3]]) expect(d.code, d.stderr).toBe(0);
      const { scan: _s, ...diffFigures } = JSON.parse(runs[2].stdout);
      const { scan: _c, ...cleanFigures } = JSON.parse(cleanDiff.stdout);
      expect(diffFigures).toEqual(cleanFigures);
    }
    expect(
      readdirSync(join(home, 'layerscope', `scans-v${SCAN_FORMAT_VERSION}`)).filter((f) => f.endsWith('.tmp')),
    ).toEqual([]);
  });
});

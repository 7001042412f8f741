/** The on-disk scan cache: second runs read nothing, damage is survived, --no-cache bypasses. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { conformanceImage, scanSummary } from '../helpers/conformance.js';
import { writeOciLayout } from '../fixtures/image-builder/index.js';
import { SCAN_FORMAT_VERSION } from '../../src/scan/layer-scan.js';
import { ScanCache } from '../../src/scan/cache/scan-cache.js';
import { ScanSession } from '../../src/scan/scan-image.js';
import { openImage } from '../../src/source/open-image.js';

let dir: string;
let layout: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-cache-'));
  layout = join(dir, 'oci');
  writeOciLayout(layout, [{ image: conformanceImage() }]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scanWith(cacheDir: string, hashContent = false) {
  const session = new ScanSession(new ScanCache(cacheDir));
  const image = await openImage(layout);
  const scans = await session.scanImage(image, { hashContent });
  await image.close();
  return { scans, stats: session.stats };
}

const cacheFiles = (cacheDir: string) => readdirSync(join(cacheDir, `scans-v${SCAN_FORMAT_VERSION}`));

describe('scan cache', () => {
  it('serves every layer of a second run from disk, with identical scans', async () => {
    const cacheDir = join(dir, 'c1');
    const cold = await scanWith(cacheDir);
    expect(cold.stats).toMatchObject({ layersScanned: 4, layersFromCache: 0 });
    const warm = await scanWith(cacheDir);
    expect(warm.stats).toMatchObject({ layersScanned: 0, layersFromCache: 4, bytesRead: 0 });
    expect(scanSummary(warm.scans)).toEqual(scanSummary(cold.scans));
  });

  it('rescans when content hashes are needed and only plain scans are cached', async () => {
    const cacheDir = join(dir, 'c2');
    await scanWith(cacheDir);
    const hashed = await scanWith(cacheDir, true);
    expect(hashed.stats.layersScanned).toBe(4);
    expect(hashed.scans[0].entries.find((e) => e.type === 'file')?.hash).toMatch(/^[0-9a-f]{40}$/);
    const plainAgain = await scanWith(cacheDir);
    expect(plainAgain.stats.layersFromCache).toBe(4);
  });

  it('ignores and rewrites corrupt or truncated entries', async () => {
    const cacheDir = join(dir, 'c3');
    await scanWith(cacheDir);
    const [first, second] = cacheFiles(cacheDir).sort();
    writeFileSync(join(cacheDir, `scans-v${SCAN_FORMAT_VERSION}`, first), 'not gzip at all');
    const bytes = readFileSync(join(cacheDir, `scans-v${SCAN_FORMAT_VERSION}`, second));
    writeFileSync(join(cacheDir, `scans-v${SCAN_FORMAT_VERSION}`, second), bytes.subarray(0, bytes.length >> 1));
    const run = await scanWith(cacheDir);
    expect(run.stats).toMatchObject({ layersScanned: 2, layersFromCache: 2 });
    const again = await scanWith(cacheDir);
    expect(again.stats).toMatchObject({ layersScanned: 0, layersFromCache: 4 });
  });

  it('is reported in inspect --json, bypassed by --no-cache, and shown and pruned by the cache command', async () => {
    const env = { XDG_CACHE_HOME: join(dir, 'xdg') };
    const first = JSON.parse((await runCli(['inspect', '--json', layout], { env })).stdout);
    expect(first.scan).toMatchObject({ layersScanned: 4, layersFromCache: 0 });
    const second = JSON.parse((await runCli(['inspect', '--json', layout], { env })).stdout);
    expect(second.scan).toMatchObject({ layersScanned: 0, layersFromCache: 4 });
    const bypass = JSON.parse((await runCli(['--no-cache', 'inspect', '--json', layout], { env })).stdout);
    expect(bypass.scan).toMatchObject({ layersScanned: 4, layersFromCache: 0 });
    const info = JSON.parse((await runCli(['cache', 'info', '--json'], { env })).stdout);
    expect(info).toMatchObject({ kind: 'cache-info', entries: 4, dir: join(dir, 'xdg', 'layerscope') });
    expect((await runCli(['cache', 'prune', '--older-than', '30d'], { env })).stdout).toMatch(/removed 0 layer scans/);
    expect((await runCli(['cache', 'prune'], { env })).stdout).toMatch(/removed 4 layer scans/);
    const bad = await runCli(['cache', 'prune', '--older-than', 'soon'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--older-than: "soon" is not an age/);
  });
});

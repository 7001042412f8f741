/** `check --baseline` with both images from the real engine: growth measured on layers the engine built. */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, validateJson } from '../helpers/cli.js';
import { docker, useEngine } from '../helpers/engine.js';
import { buildTinyImage, removeImages, uniqueTag } from '../daemon/engine-images.js';

// Skips only where no engine answers; in CI (LAYERSCOPE_REQUIRE_DOCKER=1) useEngine() throws instead.
const engine = useEngine();
const v1 = uniqueTag('check-v1');
const v2 = uniqueTag('check-v2');
let dir: string;

beforeAll(() => {
  if (!engine) return;
  dir = mkdtempSync(join(tmpdir(), 'layerscope-check-engine-'));
  buildTinyImage(v1);
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${v1}\nRUN ["/bin/busybox", "sh", "-c", "echo hello > /greeting"]\n`);
  docker(['build', '-q', '--force-rm', '-t', v2, dir]);
});

afterAll(() => {
  if (!engine) return;
  removeImages([v2, v1]);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!engine)('check --baseline against engine images', () => {
  it('sees one new layer of 6 bytes and one new inode on top of a reused base', async () => {
    writeFileSync(join(dir, '.layerscope.yml'), 'growth:\n  maxGrowth: 6B\n  maxNewInodes: 1\n  minLayerReuse: 51%\n');
    const r = await runCli(['check', `docker:${v2}`, '--baseline', `docker:${v1}`, '--json', 'out.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const doc = validateJson('check', JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')));
    const byId = Object.fromEntries(doc.results.map((x: { id: string }) => [x.id, x]));
    expect(byId['growth.maxGrowth']).toMatchObject({ status: 'pass', actual: 'hello\n'.length });
    expect(byId['growth.maxNewInodes']).toMatchObject({ status: 'pass', actual: 1 });
    expect(byId['growth.minLayerReuse']).toMatchObject({ status: 'fail', actual: 0.5 });
    expect(byId['growth.minLayerReuse'].culprit).toMatch(/^layer 2 .*echo hello > \/greeting/);
  });
});

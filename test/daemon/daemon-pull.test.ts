/**
 * `--pull` against a real registry on 127.0.0.1 (scripts/registry.sh, started by .ci/run;
 * LAYERSCOPE_TEST_REGISTRY names it). An image built here is pushed, removed from the
 * engine, and then pulled by layerscope. Skipped when no test registry or engine runs (CI requires both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { docker, useEngine } from '../helpers/engine.js';
import { testRegistries } from '../helpers/registry.js';
import { buildTinyImage, removeImages, uniqueTag } from './engine-images.js';

// Both throw in CI (LAYERSCOPE_REQUIRE_DOCKER=1) when the engine or the registry is missing,
// so the tests below skip only on a machine without them.
const registry = testRegistries()?.anonymous;
const engine = registry ? useEngine() : false;
const local = uniqueTag('pull-source');
const remote = `${registry}/layerscope-test/pulled:${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
let id = '';

beforeAll(() => {
  if (!engine) return;
  id = buildTinyImage(local);
  docker(['tag', local, remote]);
  docker(['push', remote]);
  removeImages([remote, local]);
});

afterAll(() => {
  if (engine) removeImages([remote, local]);
});

describe.skipIf(!engine)('--pull (real engine, local registry)', () => {
  it('without --pull, an image only the registry has is "not in the engine", with the pull command', async () => {
    const r = await runCli(['inspect', `docker:${remote}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`image ${remote} is not in the Docker Engine`);
    expect(r.stderr).toContain(`hint: pull it first: docker pull ${remote}`);
  });

  it('with --pull, pulls it and inspects it', async () => {
    const r = await runCli(['inspect', '--pull', '--json', `docker:${remote}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.image).toMatchObject({ id, source: 'docker', repoTags: [remote], scanned: true });
    expect(report.image.manifestDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(report.rows.filter((row: { layer: number | null }) => row.layer !== null)).toHaveLength(1);
    expect(docker(['image', 'inspect', '--format', '{{.Id}}', remote]).trim()).toBe(id);
  });

  it('then names it by digest too', async () => {
    const digest = docker(['image', 'inspect', '--format', '{{index .RepoDigests 0}}', remote]).trim();
    const r = await runCli(['inspect', '--quick', '--json', `docker:${digest}`]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).image.id).toBe(id);
  });

  it('--pull of a tag the registry does not have fails in one line', async () => {
    const missing = `${registry}/layerscope-test/pulled:no-such-tag`;
    const r = await runCli(['inspect', '--pull', `docker:${missing}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^layerscope: pulling ${missing.replace(/[.]/g, '\\.')} failed: .*(manifest unknown|not found)`),
    );
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
  });
});

/**
 * Podman's Docker-compatible socket, for real: an image built by podman (through its API
 * service from scripts/podman.sh) read as `docker:NAME` with DOCKER_HOST at that socket gives
 * the report that `podman save` of the same image gives read as docker-archive. Podman's
 * export names its layers `<diffID hex>.tar` with `<v1id>/layer.tar` links to them, so this
 * also covers naming layers by manifest.json in a layout Docker does not write.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { podman, usePodman } from '../helpers/podman.js';
import { testImageContext, uniqueTag } from './engine-images.js';

// Skips only where the service is not running; in CI (LAYERSCOPE_REQUIRE_DOCKER=1) usePodman() throws instead.
const url = usePodman();
const tag = `localhost/${uniqueTag('podman-app')}`;
let dir: string;

beforeAll(() => {
  if (!url) return;
  dir = mkdtempSync(join(tmpdir(), 'layerscope-podman-'));
  const context = testImageContext('app');
  try {
    podman(url, ['build', '-q', '--no-cache', '-t', tag, context]);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  podman(url, ['save', '--format', 'docker-archive', '-o', join(dir, 'app.tar'), tag]);
}, 120_000);

afterAll(() => {
  if (!url) return;
  podman(url, ['rmi', '-f', tag]);
  rmSync(dir, { recursive: true, force: true });
});

async function report(ref: string) {
  const r = await runCli(['inspect', '--json', '--no-cache', ref], { env: { DOCKER_HOST: url } });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const { rows, totals, analysis, image } = JSON.parse(r.stdout);
  return { rows, totals, analysis, id: image.id };
}

describe.skipIf(!url)("podman's Docker-compatible socket (real podman)", () => {
  it('reads a podman image as docker:NAME exactly as its podman save reads as docker-archive', async () => {
    const viaSocket = await report(`docker:${tag}`);
    const fromSave = await report(`docker-archive:${join(dir, 'app.tar')}`);
    // The engine names no blob, so it reports no compression; the saved archive's blobs are plain tars.
    expect(viaSocket.rows.filter((r: { compression: string | null }) => r.compression !== null)).toEqual([]);
    const withoutCompression = (rows: Array<Record<string, unknown>>) => rows.map(({ compression: _c, ...row }) => row);
    expect({ ...viaSocket, rows: withoutCompression(viaSocket.rows) }).toEqual({
      ...fromSave,
      rows: withoutCompression(fromSave.rows),
    });
    expect(viaSocket.rows.filter((row: { diffID?: string }) => row.diffID).length).toBeGreaterThanOrEqual(5);
  });

  it("a missing image: one line naming podman's socket, exit 2", async () => {
    const r = await runCli(['inspect', `docker:localhost/layerscope-test/absent:${process.pid}`], {
      env: { DOCKER_HOST: url },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^layerscope: image localhost/layerscope-test/absent:${process.pid} is not in the Docker Engine at ${url}`,
      ),
    );
  });
});

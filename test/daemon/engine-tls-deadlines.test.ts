/**
 * A TLS engine (DOCKER_HOST=tcp://…, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) is reached through
 * dockerode, and so is every --pull: these requests keep the same deadlines as the plain
 * socket. A TLS proxy in front of the real engine carries the requests; it can stay silent,
 * or stall an export midway. Each fault ends with exit 2 and the deadline's own message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { useEngine } from '../helpers/engine.js';
import { makeTlsCerts, type TlsFiles } from '../helpers/tls-certs.js';
import { buildTinyImage, removeImages, uniqueTag } from './engine-images.js';
import { startEngineProxy, type ProxyOptions } from './engine-proxy.js';

// Skips only where no engine answers; in CI (LAYERSCOPE_REQUIRE_DOCKER=1) useEngine() throws instead.
const engine = useEngine();
const tag = uniqueTag('tls');
let dir: string;
let certs: TlsFiles;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-tls-'));
  certs = makeTlsCerts(dir);
  if (engine) buildTinyImage(tag);
});
afterAll(() => {
  if (engine) removeImages([tag]);
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI against a TLS proxy in front of the engine, set up as `opts` says. */
async function throughTls(opts: ProxyOptions, args: string[]): Promise<{ r: CliResult; ms: number; host: string }> {
  const proxy = await startEngineProxy({ ...opts, tls: certs.server });
  try {
    const started = Date.now();
    const r = await runCli(args, {
      env: { DOCKER_HOST: proxy.host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs.certPath },
    });
    return { r, ms: Date.now() - started, host: proxy.host };
  } finally {
    await proxy.close();
  }
}

function expectDeadline(r: CliResult, message: string | RegExp): void {
  const lines = r.stderr.trimEnd().split('\n');
  expect(r.code, r.stderr).toBe(2);
  if (typeof message === 'string') expect(lines[0]).toBe(`layerscope: ${message}`);
  else expect(lines[0]).toMatch(message);
  expect(lines[1]).toMatch(/hint: .*--idle-timeout/);
  expect(lines).toHaveLength(2);
}

// Never skips in CI: there (LAYERSCOPE_REQUIRE_DOCKER=1) useEngine() throws when no engine answers.
describe.skipIf(!engine)('deadlines through dockerode (a TLS engine, --pull)', () => {
  it('inspect over TLS gives the figures the plain socket gives', async () => {
    const { r } = await throughTls({}, ['inspect', '--json', '--no-cache', `docker:${tag}`]);
    expect(r.code, r.stderr).toBe(0);
    const plain = await runCli(['inspect', '--json', '--no-cache', `docker:${tag}`]);
    const figures = (out: string) => {
      const { rows, totals } = JSON.parse(out);
      const layers = rows.map((l: { diffID: string; size: number; inodes: number }) => [l.diffID, l.size, l.inodes]);
      return { layers, totals };
    };
    expect(figures(r.stdout).layers.length).toBeGreaterThan(0);
    expect(figures(r.stdout)).toEqual(figures(plain.stdout));
  });

  it('a TLS engine that never answers ends within the idle timeout, naming it', async () => {
    const { r, ms, host } = await throughTls({ silent: true }, ['inspect', '--idle-timeout', '1s', `docker:${tag}`]);
    expectDeadline(r, `the Docker Engine at ${host} did not answer within 1 s (GET /images/${tag}/json)`);
    expect(ms).toBeLessThan(10_000);
  });

  it('an export that stalls midway ends within the idle timeout', async () => {
    const { r, ms, host } = await throughTls({ stallExportAfter: 2048 }, [
      'inspect',
      '--no-cache',
      '--idle-timeout',
      '1s',
      `docker:${tag}`,
    ]);
    // The export is asked for by image ID.
    expectDeadline(
      r,
      new RegExp(
        `^layerscope: the Docker Engine at ${host} sent nothing for 1 s in the middle of an answer \\(GET /images/sha256:[0-9a-f]{64}/get\\)$`,
      ),
    );
    expect(ms).toBeLessThan(10_000);
  });

  it('--pull from an engine that never answers ends within the idle timeout', async () => {
    const { r, ms, host } = await throughTls({ silent: true }, [
      'inspect',
      '--pull',
      '--idle-timeout',
      '1s',
      'docker:layerscope-nowhere/app:1',
    ]);
    expectDeadline(
      r,
      `the Docker Engine at ${host} did not answer within 1 s (POST /images/create (pulling layerscope-nowhere/app:1))`,
    );
    expect(ms).toBeLessThan(10_000);
  });
});

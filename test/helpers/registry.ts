/**
 * Access to real registries for tests (Debian's docker-registry). scripts/registry.sh starts
 * an anonymous and a basic-auth instance and `env` names them (LAYERSCOPE_TEST_REGISTRY*).
 * Tests that need a registry configured their own way (token auth) start one with
 * startRegistry(). Where none is available, registry tests skip — unless
 * LAYERSCOPE_REQUIRE_DOCKER=1 (set by .ci/run), where they fail instead.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOciLayout, type TaggedImage } from '../fixtures/image-builder/index.js';

export const REQUIRE_REGISTRY = process.env.LAYERSCOPE_REQUIRE_DOCKER === '1';

export interface TestRegistries {
  /** host:port of the anonymous registry. */
  anonymous: string;
  /** host:port of the htpasswd (basic auth) registry. */
  basic: string;
  user: string;
  password: string;
}

/** The registries from scripts/registry.sh, or undefined (throws when they are required). */
export function testRegistries(): TestRegistries | undefined {
  const env = process.env;
  const found =
    env.LAYERSCOPE_TEST_REGISTRY && env.LAYERSCOPE_TEST_REGISTRY_AUTH
      ? {
          anonymous: env.LAYERSCOPE_TEST_REGISTRY,
          basic: env.LAYERSCOPE_TEST_REGISTRY_AUTH,
          user: env.LAYERSCOPE_TEST_REGISTRY_USER ?? 'layerscope',
          password: env.LAYERSCOPE_TEST_REGISTRY_PASSWORD ?? '',
        }
      : undefined;
  if (!found && REQUIRE_REGISTRY) {
    throw new Error(
      'LAYERSCOPE_REQUIRE_DOCKER=1 but LAYERSCOPE_TEST_REGISTRY is not set: run scripts/registry.sh up and eval "$(scripts/registry.sh env)"',
    );
  }
  return found;
}

/** True when docker-registry and skopeo are installed (for tests that start their own). */
export function registryToolsAvailable(): boolean {
  const ok = ['docker-registry', 'skopeo'].every((cmd) => spawnSync(cmd, ['--version']).status === 0);
  if (!ok && REQUIRE_REGISTRY) throw new Error('LAYERSCOPE_REQUIRE_DOCKER=1 but docker-registry or skopeo is missing');
  return ok;
}

export interface PushOptions {
  /** Destination credentials for skopeo. */
  creds?: string;
  /** 'v2s2' converts to Docker schema 2 manifests (and manifest lists). */
  format?: 'oci' | 'v2s2';
  /** Copy the whole index, not one platform's image. */
  all?: boolean;
}

/**
 * Writes the images as an OCI layout and pushes `tag` with skopeo to docker://DEST.
 * Asynchronous, so a token server in this process can answer skopeo.
 */
export async function pushImages(
  images: TaggedImage[],
  tag: string,
  dest: string,
  opts: PushOptions = {},
  layout: { index?: 'flat' | 'nested' } = {},
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-push-'));
  try {
    writeOciLayout(dir, images, layout);
    const args = ['copy', '-q', '--dest-tls-verify=false', '--retry-times', '2'];
    if (opts.creds) args.push('--dest-creds', opts.creds);
    if (opts.format) args.push('--format', opts.format);
    if (opts.all) args.push('--all');
    await promisify(execFile)('skopeo', [...args, `oci:${dir}:${tag}`, `docker://${dest}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface StartedRegistry {
  host: string;
  dir: string;
  stop(): Promise<void>;
}

/** Starts a docker-registry on 127.0.0.1 with `authYaml` (may be '') and waits until it answers. */
export async function startRegistry(authYaml: string): Promise<StartedRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-test-registry-'));
  mkdirSync(join(dir, 'storage'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: {level: warn, accesslog: {disabled: true}}',
      `storage: {filesystem: {rootdirectory: ${join(dir, 'storage')}}, delete: {enabled: true}}`,
      `http: {addr: "127.0.0.1:${port}", secret: layerscope-test}`,
      authYaml,
    ].join('\n'),
  );
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (c) => (log += c));
  const host = `127.0.0.1:${port}`;
  await waitForRegistry(host, child, () => log);
  return {
    host,
    dir,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForRegistry(host: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (child.exitCode !== null) break;
    const status = await new Promise<number>((resolve) => {
      http
        .get(`http://${host}/v2/`, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', () => resolve(0));
    });
    if (status === 200 || status === 401) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`docker-registry did not start at ${host}: ${log().slice(-500)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Authentication against real registries: htpasswd basic auth (scripts/registry.sh) and the
 * bearer token flow (a registry started here with `auth: token` and a token server written
 * in test/helpers/token-server.ts). Credentials from --creds, env, docker config `auths`
 * and a credential helper; none of them may ever be printed.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage } from '../fixtures/image-builder/index.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import {
  pushImages,
  registryToolsAvailable,
  startRegistry,
  testRegistries,
  type StartedRegistry,
} from '../helpers/registry.js';
import { makeCertificate, startTokenServer, tokenAuthYaml, type TokenServer } from '../helpers/token-server.js';

const regs = testRegistries();
const image = buildImage({ layers: [{ entries: [{ type: 'file', path: 'etc/secret-app', size: 3000 }] }] });
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-auth-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with no ambient credentials: an empty docker config dir, no env credentials. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, {
    env: { DOCKER_CONFIG: join(dir, 'empty'), LAYERSCOPE_REGISTRY_USER: '', LAYERSCOPE_REGISTRY_PASSWORD: '', ...env },
  });
}

function expectImage(r: CliResult): void {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).image.id).toBe(image.configDigest);
}

function expectNoSecret(r: CliResult, ...secrets: string[]): void {
  for (const s of secrets) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
}

describe.skipIf(!regs)('basic auth (htpasswd registry)', () => {
  const ref = () => `docker://${regs!.basic}/auth/app:1.0`;
  const good = () => `${regs!.user}:${regs!.password}`;

  beforeAll(async () => pushImages([{ image, tag: '1.0' }], '1.0', `${regs!.basic}/auth/app:1.0`, { creds: good() }));

  it('anonymously: one line naming the repository and tag, a hint, exit 2', async () => {
    const r = await cli(['inspect', ref()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `layerscope: ${regs!.basic}/auth/app:1.0: authentication required (tried anonymously), or the repository does not exist\n` +
        `  hint: give --creds USER:PASSWORD, set LAYERSCOPE_REGISTRY_USER and LAYERSCOPE_REGISTRY_PASSWORD, or run docker login ${regs!.basic}\n`,
    );
  });

  it('--creds USER:PASSWORD works; the password never shows, not even with --debug', async () => {
    expectImage(await cli(['inspect', '--json', ref(), '--creds', good()]));
    const wrong = await cli(['--debug', 'inspect', ref(), '--creds', `${regs!.user}:not-the-password-42`]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.split('\n')[0]).toBe(
      `layerscope: ${regs!.basic}/auth/app:1.0: authentication failed (basic auth as ${regs!.user}, credentials from --creds)`,
    );
    expectNoSecret(wrong, 'not-the-password-42', Buffer.from(`${regs!.user}:not-the-password-42`).toString('base64'));
  });

  it('LAYERSCOPE_REGISTRY_USER and LAYERSCOPE_REGISTRY_PASSWORD work', async () => {
    const r = await cli(['inspect', '--json', ref()], {
      LAYERSCOPE_REGISTRY_USER: regs!.user,
      LAYERSCOPE_REGISTRY_PASSWORD: regs!.password,
    });
    expectImage(r);
    expectNoSecret(r, regs!.password);
  });

  it('reads auths from the docker config, keyed by host or by URL', async () => {
    for (const key of [regs!.basic, `http://${regs!.basic}/v2/`]) {
      const config = mkdtempSync(join(dir, 'config-'));
      const auth = Buffer.from(good()).toString('base64');
      writeFileSync(
        join(config, 'config.json'),
        JSON.stringify({ auths: { 'other.example:5000': { auth: 'eDp5' }, [key]: { auth } } }),
      );
      expectImage(await cli(['inspect', '--json', ref()], { DOCKER_CONFIG: config }));
    }
  });

  it('asks a credential helper (credsStore, and credHelpers per host) with the host on stdin', async () => {
    const bin = mkdtempSync(join(dir, 'bin-'));
    const calls = join(bin, 'calls.log');
    const helper = join(bin, 'docker-credential-test');
    writeFileSync(
      helper,
      [
        '#!/bin/sh',
        'read server',
        `echo "$1 $server" >> ${calls}`,
        `if [ "$1" = get ] && [ "$server" = "${regs!.basic}" ]; then`,
        `  printf '{"ServerURL":"%s","Username":"${regs!.user}","Secret":"${regs!.password}"}' "$server"`,
        'else echo "credentials not found in native keychain"; exit 1; fi',
        '',
      ].join('\n'),
    );
    chmodSync(helper, 0o755);
    const path = `${bin}${delimiter}${process.env.PATH}`;
    for (const config of [{ credsStore: 'test' }, { credsStore: 'missing', credHelpers: { [regs!.basic]: 'test' } }]) {
      const cfgDir = mkdtempSync(join(dir, 'config-'));
      writeFileSync(join(cfgDir, 'config.json'), JSON.stringify(config));
      const r = await cli(['inspect', '--json', ref()], { DOCKER_CONFIG: cfgDir, PATH: path });
      expectImage(r);
      expectNoSecret(r, regs!.password);
    }
    expect(readFileSync(calls, 'utf8')).toBe(`get ${regs!.basic}\nget ${regs!.basic}\n`);
  });

  it('a credential helper that is not installed: one line and a hint', async () => {
    const cfgDir = mkdtempSync(join(dir, 'config-'));
    writeFileSync(join(cfgDir, 'config.json'), JSON.stringify({ credsStore: 'not-installed-here' }));
    const r = await cli(['inspect', ref()], { DOCKER_CONFIG: cfgDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^layerscope: credential helper docker-credential-not-installed-here could not run: not found on PATH\n  hint: .*--creds/,
    );
  });

  it('follows a blob redirect to another host without sending the credentials there', async () => {
    // The same image in the anonymous registry plays the blob store the redirect points to.
    await pushImages([{ image, tag: '1.0' }], '1.0', `${regs!.anonymous}/auth/app:1.0`);
    const front = await FaultProxy.start(regs!.basic);
    const store = await FaultProxy.start(regs!.anonymous);
    const layer = image.layers[0].digest;
    front.add(new RegExp(`/blobs/${layer}$`), {
      kind: 'status',
      status: 307,
      headers: { location: `http://${store.host}/v2/auth/app/blobs/${layer}` },
    });
    try {
      expectImage(await cli(['inspect', '--json', `docker://${front.host}/auth/app:1.0`, '--creds', good()]));
      expect(front.seen(/\/manifests\//).at(-1)?.authorized).toBe(true);
      expect(store.requests.map((r) => [r.path, r.authorized])).toEqual([[`/v2/auth/app/blobs/${layer}`, false]]);
    } finally {
      await front.close();
      await store.close();
    }
  });

  it('a malformed --creds is a usage error before any request, and is not echoed', async () => {
    const r = await cli(['inspect', ref(), '--creds', 'just-a-token-value']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--creds: expected USER:PASSWORD');
    expectNoSecret(r, 'just-a-token-value');
    const tls = await cli(['inspect', ref(), '--tls-verify', 'maybe']);
    expect(tls.code).toBe(2);
    expect(tls.stderr).toContain('--tls-verify: "maybe" is not true or false');
  });
});

describe.skipIf(!registryToolsAvailable())('bearer token auth (registry with auth: token)', () => {
  let tokens: TokenServer;
  let registry: StartedRegistry;
  const user = 'token-user';
  const password = 'token-password-7f3a';

  beforeAll(async () => {
    const keys = makeCertificate(dir, 'token-signer');
    tokens = await startTokenServer(keys, { [user]: password });
    registry = await startRegistry(tokenAuthYaml(tokens, keys.certPath));
    await pushImages([{ image, tag: '2.0' }], '2.0', `${registry.host}/team/app:2.0`, { creds: `${user}:${password}` });
  });
  afterAll(async () => {
    await registry?.stop();
    await tokens?.close();
  });

  it('fetches a pull token for the repository with the credentials and never prints it', async () => {
    tokens.requests.length = 0;
    const r = await cli([
      '--debug',
      'inspect',
      '--json',
      `docker://${registry.host}/team/app:2.0`,
      '--creds',
      `${user}:${password}`,
    ]);
    expectImage(r);
    expect(tokens.requests).toEqual([{ scope: ['repository:team/app:pull'], user, accepted: true }]);
    expectNoSecret(r, password, ...tokens.issued);
  });

  it('anonymously the token grants nothing: one line, exit 2', async () => {
    const r = await cli(['inspect', `registry:${registry.host}/team/app:2.0`]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `layerscope: ${registry.host}/team/app:2.0: authentication required (tried anonymously), or the repository does not exist`,
    );
    expectNoSecret(r, ...tokens.issued);
  });

  it('a token server that refuses the password: names the method, user and source, not the secret', async () => {
    const r = await cli(['--debug', 'inspect', `docker://${registry.host}/team/app:2.0`], {
      LAYERSCOPE_REGISTRY_USER: user,
      LAYERSCOPE_REGISTRY_PASSWORD: 'wrong-password-19',
    });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain(`token from 127.0.0.1`);
    expect(r.stderr.split('\n')[0]).toContain(
      `authentication failed (bearer token as ${user}, credentials from LAYERSCOPE_REGISTRY_USER/PASSWORD)`,
    );
    expectNoSecret(r, 'wrong-password-19');
  });

  it('lists tags through the token flow', async () => {
    const r = await cli(['tags', `docker://${registry.host}/team/app`, '--creds', `${user}:${password}`]);
    expect(r.stdout).toBe('2.0\n');
    expect(r.code).toBe(0);
  });
});

/**
 * Where the engine is: DOCKER_HOST, then DOCKER_CONTEXT, then config.json's currentContext,
 * then the default socket, as the docker CLI resolves it. Real files in a temp DOCKER_CONFIG.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnection } from '../../src/source/daemon/connection.js';

let home: string;
let config: string;

function writeContext(name: string, host: string, tls?: { skipVerify?: boolean }): void {
  const id = createHash('sha256').update(name).digest('hex');
  mkdirSync(join(config, 'contexts', 'meta', id), { recursive: true });
  const meta = {
    Name: name,
    Metadata: {},
    Endpoints: { docker: { Host: host, SkipTLSVerify: tls?.skipVerify ?? false } },
  };
  writeFileSync(join(config, 'contexts', 'meta', id, 'meta.json'), JSON.stringify(meta));
  if (tls) {
    const dir = join(config, 'contexts', 'tls', id, 'docker');
    mkdirSync(dir, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), `${name} ${f}`);
  }
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'layerscope-conn-'));
  config = join(home, '.docker');
  mkdirSync(config);
  writeContext('podman', 'unix:///run/user/1000/podman/podman.sock');
  writeContext('remote', 'tcp://build-box:2376', {});
  writeContext('over-ssh', 'ssh://deploy@build-box:2222');
  writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'podman' }));
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('resolveConnection', () => {
  it('uses the default socket when nothing is configured', () => {
    const c = resolveConnection({}, join(home, 'nobody'));
    expect(c).toMatchObject({ host: 'unix:///var/run/docker.sock', origin: 'default' });
    expect(c.options.socketPath).toBe('/var/run/docker.sock');
  });

  it('prefers DOCKER_HOST over DOCKER_CONTEXT and the current context, as the docker CLI does', () => {
    const c = resolveConnection({ DOCKER_HOST: 'unix:///tmp/engine.sock', DOCKER_CONTEXT: 'remote' }, home);
    expect(c).toMatchObject({ host: 'unix:///tmp/engine.sock', origin: 'DOCKER_HOST' });
    expect(c.options).toMatchObject({ socketPath: '/tmp/engine.sock', host: undefined });
  });

  it('takes the current context from config.json (podman socket)', () => {
    const c = resolveConnection({}, home);
    expect(c).toMatchObject({ host: 'unix:///run/user/1000/podman/podman.sock', origin: 'context "podman"' });
  });

  it('lets DOCKER_CONTEXT override config.json and DOCKER_CONFIG move the directory', () => {
    const c = resolveConnection({ DOCKER_CONTEXT: 'remote', DOCKER_CONFIG: config }, join(home, 'elsewhere'));
    expect(c).toMatchObject({ host: 'tcp://build-box:2376', origin: 'context "remote"' });
    expect(c.options).toMatchObject({ protocol: 'https', host: 'build-box', port: '2376', socketPath: undefined });
    expect(String(c.options.ca)).toBe('remote ca.pem');
    expect(String(c.options.key)).toBe('remote key.pem');
  });

  it('treats DOCKER_CONTEXT=default as "no context"', () => {
    expect(resolveConnection({ DOCKER_CONTEXT: 'default' }, home).origin).toBe('default');
  });

  it('passes ssh:// to dockerode with user and port', () => {
    const c = resolveConnection({ DOCKER_CONTEXT: 'over-ssh' }, home);
    expect(c.options).toMatchObject({ protocol: 'ssh', host: 'build-box', port: '2222', username: 'deploy' });
  });

  it('speaks plain http to tcp:// without DOCKER_TLS_VERIFY, TLS with it', () => {
    expect(resolveConnection({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }).options).toMatchObject({
      protocol: 'http',
      host: '10.0.0.5',
      port: '2375',
    });
    expect(resolveConnection({ DOCKER_HOST: '10.0.0.5:2375' }).options).toMatchObject({
      protocol: 'http',
      host: '10.0.0.5',
    });
    const certs = join(home, 'certs');
    mkdirSync(certs, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(certs, f), f);
    const tls = resolveConnection({
      DOCKER_HOST: 'tcp://10.0.0.5:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: certs,
    });
    expect(tls.options).toMatchObject({ protocol: 'https', port: '2376' });
    expect(String(tls.options.cert)).toBe('cert.pem');
  });

  it('names the missing certificate file', () => {
    expect(() =>
      resolveConnection({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(home, 'none') }),
    ).toThrow(/TLS for the engine \(DOCKER_HOST\): .*none\/ca\.pem: no such file or directory/);
  });

  it('rejects addresses it cannot use, saying where they came from', () => {
    expect(() => resolveConnection({ DOCKER_HOST: 'unix://relative.sock' })).toThrow(
      /DOCKER_HOST: "unix:\/\/relative.sock" needs an absolute socket path/,
    );
    expect(() => resolveConnection({ DOCKER_HOST: 'ftp://h' })).toThrow(/unknown scheme "ftp:"/);
    expect(() => resolveConnection({ DOCKER_CONTEXT: 'nope' }, home)).toThrow(
      /docker context "nope" \(named in DOCKER_CONTEXT\) does not exist/,
    );
  });
});

/**
 * TLS: verified by default, --insecure / --tls-verify=false for self-signed certificates and
 * plain HTTP, NODE_EXTRA_CA_CERTS to trust a CA. Loopback hosts are tested elsewhere (plain
 * HTTP by default); here proxies in front of the real registry listen on this machine's
 * non-loopback address, one with a self-signed certificate and one in plain HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage } from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { pushImages, testRegistries } from '../helpers/registry.js';
import { makeCertificate, type KeyPair } from '../helpers/token-server.js';

const regs = testRegistries();
const address = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
const image = buildImage({ layers: [{ entries: [{ type: 'file', path: 'tls', content: 'tls' }] }] });

let dir: string;
let keys: KeyPair;
let tlsProxy: FaultProxy;
let plainProxy: FaultProxy;

describe.skipIf(!regs || !address)(`TLS (proxies on ${address})`, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'layerscope-tls-'));
    keys = makeCertificate(dir, 'registry', `IP:${address}`);
    await pushImages([{ image, tag: '1.0' }], '1.0', `${regs!.anonymous}/tls/app:1.0`);
    tlsProxy = await FaultProxy.start(regs!.anonymous, { bindHost: address, tls: { key: keys.key, cert: keys.cert } });
    plainProxy = await FaultProxy.start(regs!.anonymous, { bindHost: address });
  });
  afterAll(async () => {
    await tlsProxy?.close();
    await plainProxy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const idOf = (stdout: string) => JSON.parse(stdout).image.id;

  it('refuses a certificate it cannot verify: one line and a hint', async () => {
    const r = await runCli(['inspect', `docker://${tlsProxy.host}/tls/app:1.0`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `layerscope: ${tlsProxy.host}/tls/app:1.0: the TLS certificate of ${tlsProxy.host} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)\n` +
        '  hint: to skip verification, pass --insecure (or --tls-verify=false); to trust a CA, set NODE_EXTRA_CA_CERTS\n',
    );
  });

  it('--insecure and --tls-verify=false accept it', async () => {
    for (const flag of ['--insecure', '--tls-verify=false']) {
      const r = await runCli(['inspect', '--json', flag, `docker://${tlsProxy.host}/tls/app:1.0`]);
      expect(r.stderr).toBe('');
      expect(idOf(r.stdout)).toBe(image.configDigest);
    }
  });

  it('verifies against NODE_EXTRA_CA_CERTS', async () => {
    const r = await runCli(['inspect', '--json', `docker://${tlsProxy.host}/tls/app:1.0`], {
      env: { NODE_EXTRA_CA_CERTS: keys.certPath },
    });
    expect(r.stderr).toBe('');
    expect(idOf(r.stdout)).toBe(image.configDigest);
  });

  it('plain HTTP only with --insecure', async () => {
    const refused = await runCli(['inspect', `docker://${plainProxy.host}/tls/app:1.0`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `layerscope: ${plainProxy.host}/tls/app:1.0: ${plainProxy.host} does not answer TLS (it may speak plain HTTP)\n` +
        '  hint: to allow plain HTTP, pass --insecure (or --tls-verify=false)\n',
    );
    const allowed = await runCli(['inspect', '--json', '--insecure', `docker://${plainProxy.host}/tls/app:1.0`]);
    expect(allowed.stderr).toBe('');
    expect(idOf(allowed.stdout)).toBe(image.configDigest);
  });
});

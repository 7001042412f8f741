/**
 * Where the engine is, resolved as the docker CLI does: DOCKER_HOST (with DOCKER_TLS_VERIFY
 * and DOCKER_CERT_PATH), else the context named by DOCKER_CONTEXT, else the current context
 * of ~/.docker/config.json (DOCKER_CONFIG moves that directory), else the default socket.
 * Podman's Docker-compatible socket is reached the same way (DOCKER_HOST or a context).
 * Pure apart from reading the config, context and certificate files; it never connects.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DockerOptions } from 'dockerode';
import { describeCause, LayerscopeError } from '../../errors.js';

export interface EngineConnection {
  /** The engine's address as the user would write it (unix:///…, tcp://…, ssh://…). */
  host: string;
  /** Where the address came from, for messages: "DOCKER_HOST", "context \"x\"", "default". */
  origin: string;
  options: DockerOptions;
}

export const DEFAULT_HOST = 'unix:///var/run/docker.sock';

interface Tls {
  verify: boolean;
  dir?: string;
}

export function resolveConnection(env: NodeJS.ProcessEnv, home: string = homedir()): EngineConnection {
  const configDir = env.DOCKER_CONFIG || join(home, '.docker');
  if (env.DOCKER_HOST) {
    const tls = { verify: !!env.DOCKER_TLS_VERIFY || !!env.DOCKER_TLS, dir: env.DOCKER_CERT_PATH || configDir };
    return engineAddress(env.DOCKER_HOST, 'DOCKER_HOST', tls);
  }
  const fromEnv = env.DOCKER_CONTEXT;
  const name = fromEnv || currentContext(configDir);
  if (name && name !== 'default')
    return fromContext(configDir, name, fromEnv ? 'DOCKER_CONTEXT' : join(configDir, 'config.json'));
  return engineAddress(DEFAULT_HOST, 'default', { verify: false });
}

function currentContext(configDir: string): string | undefined {
  const file = join(configDir, 'config.json');
  if (!existsSync(file)) return undefined;
  const raw = readJson(file, 'docker config');
  return typeof raw?.currentContext === 'string' ? raw.currentContext : undefined;
}

/** A context's endpoint lives in contexts/meta/<sha256(name)>/meta.json, its TLS files beside. */
function fromContext(configDir: string, name: string, namedIn: string): EngineConnection {
  const id = createHash('sha256').update(name).digest('hex');
  const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
  if (!existsSync(metaFile)) {
    throw new LayerscopeError('config', `docker context "${name}" (named in ${namedIn}) does not exist`, {
      hint: 'list contexts with: docker context ls; choose one with: docker context use NAME',
    });
  }
  const endpoint = readJson(metaFile, `docker context "${name}"`)?.Endpoints?.docker;
  if (typeof endpoint?.Host !== 'string' || endpoint.Host === '') {
    throw new LayerscopeError('config', `docker context "${name}" has no Docker endpoint (${metaFile})`);
  }
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const tls = existsSync(tlsDir) ? { verify: endpoint.SkipTLSVerify !== true, dir: tlsDir } : { verify: false };
  return engineAddress(endpoint.Host, `context "${name}"`, tls);
}

/** Turns an address into dockerode options. Every field is set, so dockerode's own env defaults never win. */
export function engineAddress(host: string, origin: string, tls: Tls): EngineConnection {
  const bad = (why: string) =>
    new LayerscopeError('config', `${origin}: "${host}" ${why}`, {
      hint: 'use unix:///path/to/docker.sock, tcp://HOST:PORT or ssh://USER@HOST',
    });
  const base: DockerOptions = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
  };
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw bad('needs an absolute socket path');
    return { host, origin, options: { ...base, socketPath } };
  }
  if (host.startsWith('npipe://')) throw bad('is a Windows named pipe, not available here');
  let url: URL;
  try {
    url = new URL(host.includes('//') ? host : `tcp://${host}`);
  } catch {
    throw bad('is not an address');
  }
  if (!['tcp:', 'http:', 'https:', 'ssh:'].includes(url.protocol)) throw bad(`has an unknown scheme "${url.protocol}"`);
  if (!url.hostname) throw bad('has no host name');
  if (url.protocol === 'ssh:') {
    const options: DockerOptions = {
      ...base,
      protocol: 'ssh',
      host: url.hostname,
      port: url.port || 22,
      username: url.username || undefined,
    };
    options.sshOptions = { agent: process.env.SSH_AUTH_SOCK };
    return { host, origin, options };
  }
  const useTls = tls.verify || url.protocol === 'https:';
  const options: DockerOptions = {
    ...base,
    protocol: useTls ? 'https' : 'http',
    host: url.hostname,
    port: url.port || (useTls ? 2376 : 2375),
  };
  // Verification needs the CA and client certificates; plain https:// uses them when present.
  if (useTls && tls.dir && (tls.verify || existsSync(join(tls.dir, 'ca.pem'))))
    Object.assign(options, readCerts(tls.dir, origin));
  return { host, origin, options };
}

function readCerts(dir: string, origin: string): Pick<DockerOptions, 'ca' | 'cert' | 'key'> {
  const read = (name: string) => {
    const file = join(dir, name);
    try {
      return readFileSync(file);
    } catch (err) {
      throw new LayerscopeError('config', `TLS for the engine (${origin}): ${file}: ${describeCause(err)}`, {
        hint: 'DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem (as for the docker CLI)',
      });
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
function readJson(file: string, what: string): any {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new LayerscopeError('config', `${what}: cannot read ${file}: ${describeCause(err)}`);
  }
}

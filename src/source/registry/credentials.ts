/**
 * Where registry credentials come from, first match wins:
 *   1. --creds USER:PASSWORD
 *   2. LAYERSCOPE_REGISTRY_USER and LAYERSCOPE_REGISTRY_PASSWORD
 *   3. the docker CLI's config ($DOCKER_CONFIG/config.json, else ~/.docker/config.json):
 *      credHelpers[host], then credsStore, then auths[host] — as `docker login` left them.
 * A Credential's `source` says where it came from, for messages; the secret is never printed.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { inputError, LayerscopeError } from '../../errors.js';
import { DOCKER_HUB } from './naming.js';

export interface Credential {
  username: string;
  password: string;
  /** Where it came from: "--creds", "LAYERSCOPE_REGISTRY_USER", "docker-credential-pass", … */
  source: string;
}

export interface CredentialOptions {
  creds?: { username: string; password: string };
  env: NodeJS.ProcessEnv;
}

/** The key docker uses for Docker Hub in config.json and with credential helpers. */
const HUB_SERVER = 'https://index.docker.io/v1/';

export async function findCredential(host: string, opts: CredentialOptions): Promise<Credential | undefined> {
  if (opts.creds) return { ...opts.creds, source: '--creds' };
  const { LAYERSCOPE_REGISTRY_USER: user, LAYERSCOPE_REGISTRY_PASSWORD: password } = opts.env;
  if (user && password !== undefined) return { username: user, password, source: 'LAYERSCOPE_REGISTRY_USER/PASSWORD' };
  return fromDockerConfig(host, opts.env);
}

export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), '.docker'), 'config.json');
}

async function fromDockerConfig(host: string, env: NodeJS.ProcessEnv): Promise<Credential | undefined> {
  const path = dockerConfigPath(env);
  const config = readDockerConfig(path);
  if (!config) return undefined;
  const server = host === DOCKER_HUB ? HUB_SERVER : host;
  const helper = config.credHelpers?.[host] ?? config.credHelpers?.[server] ?? config.credsStore;
  if (typeof helper === 'string' && helper !== '') return runHelper(helper, server, env);
  const entry = Object.entries(config.auths ?? {}).find(([key]) => serverKey(key) === serverKey(server));
  return entry ? fromAuthEntry(entry[1], path) : undefined;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

function readDockerConfig(path: string): DockerConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    throw inputError(`${path}: malformed JSON`, 'fix the file, or set DOCKER_CONFIG to another directory');
  }
}

/** https://index.docker.io/v1/ → index.docker.io; http://host:5000/v2/ → host:5000. */
function serverKey(key: string): string {
  const bare = key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return ['index.docker.io', 'registry-1.docker.io', 'docker.io'].includes(bare) ? 'docker.io' : bare;
}

function fromAuthEntry(
  entry: { auth?: string; username?: string; password?: string },
  path: string,
): Credential | undefined {
  if (entry.username && entry.password) return { username: entry.username, password: entry.password, source: path };
  if (!entry.auth) return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw inputError(`${path}: an "auth" entry is not base64 of user:password`, 'run docker login again');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source: path };
}

/** Runs `docker-credential-NAME get` with the server on stdin, as the docker CLI does. */
async function runHelper(name: string, server: string, env: NodeJS.ProcessEnv): Promise<Credential | undefined> {
  const program = `docker-credential-${name}`;
  const { code, stdout, error } = await runProgram(program, server, env);
  if (error) {
    throw new LayerscopeError(
      'registry',
      `credential helper ${program} could not run: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found on PATH' : error.message}`,
      {
        hint: 'install it, or remove credsStore/credHelpers from the docker config; --creds USER:PASSWORD overrides it',
      },
    );
  }
  if (code !== 0) {
    if (/credentials not found/i.test(stdout)) return undefined;
    throw new LayerscopeError('registry', `credential helper ${program} failed (exit ${code}) for ${server}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
  let parsed: any;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new LayerscopeError('registry', `credential helper ${program} printed something that is not JSON`);
  }
  if (typeof parsed?.Username !== 'string' || typeof parsed?.Secret !== 'string') return undefined;
  return { username: parsed.Username, password: parsed.Secret, source: program };
}

function runProgram(
  program: string,
  input: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; error?: Error }> {
  return new Promise((resolve) => {
    const child = spawn(program, ['get'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill(), 30_000);
    timer.unref();
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, error });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

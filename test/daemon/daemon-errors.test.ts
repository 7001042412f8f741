/**
 * What users see when the engine source fails, through the built CLI against the real
 * engine: one line and a hint, exit 2, never a stack. Faults are real where they can be (a
 * stale socket, a closed port, a socket without permission, an unknown image); the cut
 * export goes through a proxy in front of the real engine.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, type CliResult } from '../helpers/cli.js';
import { docker, useEngine } from '../helpers/engine.js';
import { buildTinyImage, removeImages, uniqueTag } from './engine-images.js';
import { engineSocket, staleSocket, startEngineProxy } from './engine-proxy.js';

// Skips only where no engine answers; in CI (LAYERSCOPE_REQUIRE_DOCKER=1) useEngine() throws instead.
const engine = useEngine();
const tag = uniqueTag('tiny');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-daemon-errors-'));
  if (engine) buildTinyImage(tag);
});

afterAll(() => {
  if (engine) removeImages([tag]);
  rmSync(dir, { recursive: true, force: true });
});

/** Exit 2, the message on the first line, the hint on the second, nothing else. */
function expectOneLineError(r: CliResult, message: RegExp, hint?: RegExp): void {
  const lines = r.stderr.trimEnd().split('\n');
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(lines[0]).toMatch(/^layerscope: /);
  expect(lines[0]).toMatch(message);
  if (hint) expect(lines[1]).toMatch(hint);
  expect(lines.length).toBeLessThanOrEqual(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

function writeContext(configDir: string, name: string, host: string): void {
  const id = createHash('sha256').update(name).digest('hex');
  mkdirSync(join(configDir, 'contexts', 'meta', id), { recursive: true });
  writeFileSync(
    join(configDir, 'contexts', 'meta', id, 'meta.json'),
    JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }),
  );
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ currentContext: name }));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('engine not reachable (no engine needed)', () => {
  it('a socket nobody listens on (a stopped engine) shows the DOCKER_HOST used', async () => {
    const socket = staleSocket(dir);
    const r = await runCli(['inspect', 'docker:app:1'], { env: { DOCKER_HOST: `unix://${socket}` } });
    expectOneLineError(
      r,
      new RegExp(`cannot reach the Docker Engine at unix://${socket} \\(from DOCKER_HOST\\): connection refused`),
      /hint: start the engine/,
    );
  });

  it('a missing socket and a closed TCP port', async () => {
    const missing = await runCli(['inspect', 'app:1'], { env: { DOCKER_HOST: `unix://${dir}/none.sock` } });
    expectOneLineError(
      missing,
      /cannot reach the Docker Engine at unix:\/\/.*none\.sock \(from DOCKER_HOST\): no such socket/,
    );
    const port = await freePort();
    const closed = await runCli(['inspect', 'app:1'], { env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } });
    expectOneLineError(
      closed,
      new RegExp(`at tcp://127\\.0\\.0\\.1:${port} \\(from DOCKER_HOST\\): connection refused`),
    );
  });

  it('shows the docker context used when DOCKER_HOST is not set', async () => {
    const config = join(dir, 'docker-config-stale');
    writeContext(config, 'stopped', `unix://${staleSocket(dir)}`);
    const r = await runCli(['inspect', 'docker:app:1'], {
      env: { DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_CONFIG: config },
    });
    expectOneLineError(r, /cannot reach the Docker Engine at unix:\/\/.* \(from context "stopped"\)/);
  });

  it('a bad DOCKER_HOST is a configuration error', async () => {
    const r = await runCli(['inspect', 'docker:app:1'], { env: { DOCKER_HOST: 'ftp://engine' } });
    expectOneLineError(r, /DOCKER_HOST: "ftp:\/\/engine" has an unknown scheme/, /hint: use unix:\/\//);
  });

  it('--pull on something that is not an engine image is a usage error, before any I/O', async () => {
    const r = await runCli(['inspect', '--pull', `oci:${dir}/nothing-here`], {
      env: { DOCKER_HOST: `unix://${dir}/none.sock` },
    });
    expectOneLineError(r, /--pull applies only to images in the Docker Engine/, /hint: drop --pull/);
  });
});

describe.skipIf(!engine)('engine errors (real engine)', () => {
  it('reaches the engine through a docker context from config.json', async () => {
    const config = join(dir, 'docker-config-live');
    writeContext(config, 'live', `unix://${engineSocket()}`);
    const r = await runCli(['inspect', '--quick', `docker:${tag}`], {
      env: { DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_CONFIG: config },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('permission denied on the socket: hint names the group and sudo', async () => {
    const r = await runAsUnprivileged(['inspect', `docker:${tag}`]);
    expectOneLineError(
      r,
      /permission denied on the Docker Engine socket unix:\/\/.* \(from DOCKER_HOST\)/,
      /hint: add your user to the group .*docker.* or run with sudo/,
    );
  });

  it('an unknown image: says so, shows the pull command, never pulls', async () => {
    const name = 'layerscope-test/not-there:1';
    const r = await runCli(['inspect', `docker:${name}`]);
    expectOneLineError(
      r,
      /image layerscope-test\/not-there:1 is not in the Docker Engine at unix:\/\/.* \(layerscope never pulls on its own\)/,
      /hint: pull it first: docker pull layerscope-test\/not-there:1 {3}\(or run again with --pull\)/,
    );
    const bare = await runCli(['inspect', '--quick', name]);
    expectOneLineError(bare, /is neither a file nor an image in the Docker Engine/);
  });

  it('an unknown image ID', async () => {
    const r = await runCli(['inspect', 'docker:0123456789abcdef']);
    expectOneLineError(
      r,
      /no image with ID 0123456789abcdef in the Docker Engine/,
      /hint: list the images with: docker images/,
    );
  });

  it("--platform other than the engine image's", async () => {
    const r = await runCli(['inspect', '--quick', '--platform', 'linux/s390x', `docker:${tag}`]);
    expectOneLineError(
      r,
      /the engine's image is linux\/(?!s390x)[\w/]+, not linux\/s390x/,
      /hint: pull that platform: docker pull --platform linux\/s390x/,
    );
  });

  it('--pull with an image ID is a usage error', async () => {
    const r = await runCli(['inspect', '--pull', `docker:sha256:${'a'.repeat(64)}`]);
    expectOneLineError(r, /--pull needs a name\[:tag\] or name@digest, not an image ID/);
  });

  it('--pull from a registry the engine cannot reach fails in one line', async () => {
    const port = await freePort();
    const r = await runCli(['inspect', '--pull', `docker:127.0.0.1:${port}/layerscope-test/absent:1`]);
    expectOneLineError(
      r,
      new RegExp(`pulling 127\\.0\\.0\\.1:${port}/layerscope-test/absent:1 failed: .*connection refused`),
      /hint: check the name/,
    );
  });

  it('a layer changed on disk in the engine store: the engine refuses the export, exit 2', async () => {
    // layerscope takes the diffIDs of an export from the engine, which checks each layer as it
    // writes the export; this damages a file of a layer no other image shares and expects that.
    const damaged = uniqueTag('damaged');
    const context = mkdtempSync(join(tmpdir(), 'layerscope-damaged-'));
    try {
      copyFileSync('/bin/busybox', join(context, 'busybox'));
      writeFileSync(
        join(context, 'Dockerfile'),
        `FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "sh", "-c", "echo ${damaged} > /damage-me"]\n`,
      );
      docker(['build', '-q', '--no-cache', '-t', damaged, context]);
      const data = JSON.parse(docker(['image', 'inspect', '--format', '{{json .GraphDriver.Data}}', damaged]));
      const file = join(data.UpperDir ?? data.Dir, 'damage-me');
      writeFileSync(file, readFileSync(file, 'utf8').toUpperCase());
      const r = await runCli(['inspect', '--no-cache', `docker:${damaged}`]);
      expectOneLineError(
        r,
        new RegExp(
          `exporting ${damaged}: (file integrity checksum failed|could not verify layer data).*\\(HTTP 500\\)$`,
        ),
      );
    } finally {
      removeImages([damaged]);
      rmSync(context, { recursive: true, force: true });
    }
  });

  it('an export cut in the middle: "interrupted", exit 2', async () => {
    const proxy = await startEngineProxy({ cutExportAfter: 300_000 });
    try {
      const r = await runCli(['inspect', '--no-cache', `docker:${tag}`], { env: { DOCKER_HOST: proxy.host } });
      expectOneLineError(
        r,
        new RegExp(`the export of ${tag} from the Docker Engine was interrupted: the connection closed before the end`),
        /hint: check the engine/,
      );
      expect(proxy.requests.filter((q) => q.endsWith('/get'))).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});

/**
 * The CLI as a user without access to the socket. As root: `nobody` via setpriv against the
 * engine's own socket when nobody can read the CLI, else root without capabilities against
 * a socket of mode 000. Not root: a socket of mode 000.
 */
async function runAsUnprivileged(args: string[]): Promise<CliResult> {
  const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
  const root = process.getuid?.() === 0;
  if (
    root &&
    spawnSync('setpriv', [...nobody, process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(BIN)})`])
      .status === 0
  ) {
    return spawnCli(['setpriv', ...nobody], args, {});
  }
  const socketDir = join(dir, 'locked');
  mkdirSync(socketDir, { recursive: true });
  const path = join(socketDir, 'engine.sock');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  chmodSync(path, 0);
  try {
    const env = { DOCKER_HOST: `unix://${path}` };
    return root
      ? spawnCli(['setpriv', '--bounding-set=-all', '--inh-caps=-all'], args, env)
      : await runCli(args, { env });
  } finally {
    server.close();
  }
}

function spawnCli(prefix: string[], args: string[], env: NodeJS.ProcessEnv): CliResult {
  const r = spawnSync(prefix[0], [...prefix.slice(1), process.execPath, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', HOME: dir, ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The CLI contract, through the built CLI: missing files named, usage for a bare or unknown
 * command, every command's help, --platform on single-platform sources, --json [FILE] alike
 * everywhere, output files checked before the scan, and output into a closed pipe.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, runCli as run } from '../helpers/cli.js';
import { useEngine } from '../helpers/engine.js';

const SAMPLES = join(process.cwd(), 'samples');
const sample = (v: string) => join(SAMPLES, `app-${v}.tar`);
const CONFIG = join(SAMPLES, '.layerscope.yml');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-contract-'));
  writeFileSync(join(dir, 'a-file'), 'x');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectUsageLine(r: { code: number | null; stderr: string; stdout: string }, message: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.split('\n')[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|\(outputHelp\)/);
}

describe('a bare argument that looks like a file', () => {
  it.each(['missing.tar', 'missing.tar.gz', 'missing.tgz', 'layout.oci', './app', 'images/app.tar', '/no/such/dir'])(
    '%s: no such file',
    async (ref) => {
      const r = await runCli(['inspect', ref], { cwd: dir, env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
      expectUsageLine(r, new RegExp(`^layerscope: no such file: ${ref.replace(/[./]/g, '\\$&')}$`));
      expect(r.stderr).not.toMatch(/Docker Engine/);
    },
  );

  it('a missing archive in diff and footprint is named the same way', async () => {
    expectUsageLine(
      await runCli(['diff', 'missing.tar', sample('1.2')], { cwd: dir }),
      /^layerscope: no such file: missing\.tar$/,
    );
    expectUsageLine(
      await runCli(['footprint', 'missing.tar'], { cwd: dir }),
      /^layerscope: no such file: missing\.tar$/,
    );
  });

  it('a bare name with the engine unreachable says it is no file, and why the engine could not be asked', async () => {
    const r = await runCli(['inspect', 'myapp:1.0'], {
      cwd: dir,
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    expectUsageLine(
      r,
      /^layerscope: myapp:1\.0 is not a file, and the Docker Engine could not be asked: cannot reach the Docker Engine at unix:\/\/\/nonexistent\/docker\.sock/,
    );
  });

  // useEngine() throws under LAYERSCOPE_REQUIRE_DOCKER=1, so in CI this fails rather than skips.
  it.skipIf(!useEngine())('a bare name the engine does not have is neither a file nor an engine image', async () => {
    const name = `layerscope-contract-absent-${process.pid}:1.0`;
    const r = await runCli(['inspect', name], { cwd: dir });
    expectUsageLine(
      r,
      new RegExp(
        `^layerscope: ${name.replace(/[.]/g, '\\.')} is neither a file nor an image in the Docker Engine at \\S+$`,
      ),
    );
  });
});

describe('usage', () => {
  it('a bare layerscope prints the usage with every command, exit 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage: layerscope/);
    for (const c of ['inspect', 'explore', 'tags', 'footprint', 'check', 'diff', 'series', 'cache'])
      expect(r.stderr).toMatch(new RegExp(`\\n  ${c} `));
    expect(r.stderr + r.stdout).not.toMatch(/outputHelp/);
  });

  it('an unknown command names it, suggests the closest and lists the commands, exit 2', async () => {
    const r = await runCli(['inspekt', 'x']);
    expectUsageLine(r, /^layerscope: unknown command 'inspekt'$/);
    expect(r.stderr).toMatch(
      /hint: did you mean inspect\? commands: inspect, packages, explore, tags, footprint, check, diff, series, cache/,
    );
    expect(r.stderr).toMatch(/\nUsage: layerscope /);
    const far = await runCli(['frobnicate']);
    expectUsageLine(far, /^layerscope: unknown command 'frobnicate'$/);
    expect(far.stderr).not.toMatch(/did you mean/);
  });
});

const COMMANDS: Array<[string[], RegExp]> = [
  [['inspect'], /0 success, 2 usage or input error.*130 interrupted/],
  [['explore'], /0 quit, 2 usage or input error.*130 interrupted/],
  [['tags'], /0 success, 2 usage or input error.*130 interrupted/],
  [['footprint'], /0 success, 2 usage or input error.*130 interrupted/],
  [['check'], /0 every budget passed.*1 a budget failed, 2 usage,\s+config or input error, 130 interrupted/],
  [['diff'], /0 success, 2 usage or input error.*130 interrupted/],
  [['series'], /0 success, 2 usage or input error.*130 interrupted/],
  [['cache'], /0 success, 2 usage or input error.*130 interrupted/],
  [['cache', 'info'], /0 success, 2 usage or input error.*130 interrupted/],
  [['cache', 'prune'], /0 success, 2 usage or input error.*130 interrupted/],
];

describe('every command --help has a one-line description, examples and its exit codes', () => {
  it.each(COMMANDS)('%s', async (words, exitCodes) => {
    const r = await runCli([...words, '--help']);
    expect(r.code).toBe(0);
    const [usage, blank, summary] = r.stdout.split('\n');
    expect(usage).toMatch(new RegExp(`^Usage: layerscope ${words.join(' ')} `));
    expect(blank).toBe('');
    // One line: a sentence, then a blank line or the end of the description.
    expect(summary).toMatch(/^[A-Z].{10,}\.$/);
    expect(r.stdout.split('\n')[3]).toBe('');
    const examples = /\nExamples:\n((?: {2}layerscope .+\n)+)/.exec(r.stdout);
    expect(examples, 'an Examples: section').not.toBeNull();
    for (const line of examples![1].trimEnd().split('\n'))
      expect(line).toMatch(new RegExp(`^ {2}layerscope ${words.join(' ')}\\b`));
    expect(r.stdout).toMatch(new RegExp(`\\nExit codes: ${exitCodes.source}`));
  });
});

describe('--platform on a single-platform source', () => {
  it.each([[sample('1.2')], [`oci:${join(SAMPLES, 'app-oci')}:1.2`]])(
    '%s: an error naming the platform it has',
    async (ref) => {
      const r = await runCli(['inspect', '--platform', 'linux/arm64', ref]);
      expectUsageLine(
        r,
        /(the image is for linux\/amd64, not linux\/arm64|no image for platform linux\/arm64; available: linux\/amd64)$/,
      );
      const ok = await runCli(['inspect', '--quick', '--platform', 'linux/amd64', ref]);
      expect(ok.code, ok.stderr).toBe(0);
    },
  );
});

describe('--json [FILE]', () => {
  const cases: Array<[string, string[]]> = [
    ['inspect', ['inspect', sample('1.2')]],
    ['diff', ['diff', sample('1.1'), sample('1.2')]],
    ['series', ['series', sample('1.0'), sample('1.1'), sample('1.2')]],
    ['footprint', ['footprint', sample('1.1'), sample('1.2')]],
    ['check', ['check', sample('1.2'), '--config', CONFIG]],
    ['cache-info', ['cache', 'info']],
  ];

  it.each(cases)(
    '%s: bare --json prints JSON; --json=FILE and --json FILE.json write it and keep the text',
    async (kind, args) => {
      const env = { XDG_CACHE_HOME: join(dir, `cache-${kind}`) };
      const runCli = (a: string[]) => run(a, { env });
      const [head, ...rest] = args;
      const words = head === 'cache' ? ['cache', 'info'] : [head];
      const tail = head === 'cache' ? [] : rest;
      const bare = await runCli([...words, '--json', ...tail]);
      expect([0, 1]).toContain(bare.code);
      expect(JSON.parse(bare.stdout).kind).toBe(kind);
      const text = await runCli([...words, ...tail]);
      for (const form of [(f: string) => [`--json=${f}`], (f: string) => ['--json', f]]) {
        const file = join(dir, `${kind}-${form.length}-${Math.random().toString(36).slice(2)}.json`);
        const r = await runCli([...words, ...form(file), ...tail]);
        expect(r.code, r.stderr).toBe(text.code);
        expect(JSON.parse(readFileSync(file, 'utf8')).kind).toBe(kind);
        expect(r.stdout.split('\n')[0]).toBe(text.stdout.split('\n')[0]);
        expect(() => JSON.parse(r.stdout)).toThrow();
      }
    },
  );

  it('a word after a bare --json is never taken as its file', async () => {
    const r = await runCli(['inspect', '--json', '--quick', sample('1.2')]);
    expect(r.code, r.stderr).toBe(0);
    const again = await runCli(['inspect', '--quick', '--json', sample('1.2')]);
    expect(JSON.parse(again.stdout).image.layers).toBe(4);
    expect(JSON.parse(r.stdout).image.layers).toBe(4);
    expect(existsSync(sample('1.2'))).toBe(true);
  });
});

describe('output files that cannot be written fail before the scan, naming the path', () => {
  const unwritable = () =>
    [
      [join(dir, 'no-such-dir', 'out.json'), /cannot write: no such directory/],
      [join(dir, 'a-file', 'out.json'), /cannot write: /],
      [dir, /not a regular file/],
    ] as const;

  // The image is in an engine that cannot be reached: an error about the file, not the engine, shows the order.
  const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

  it.each(['json', 'markdown', 'junit'])('check --%s', async (flag) => {
    for (const [path, why] of unwritable()) {
      const r = await runCli(['check', 'docker:app:1.2', '--config', CONFIG, `--${flag}=${path}`], { env: NO_ENGINE });
      expectUsageLine(r, new RegExp(`^layerscope: --${flag} ${path.replace(/[.]/g, '\\.')}: .*`));
      expect(r.stderr.split('\n')[0]).toMatch(why);
    }
  });

  it.each([
    ['inspect', 'docker:app:1.2'],
    ['diff', 'docker:app:1.1', 'docker:app:1.2'],
    ['series', 'docker:app:1.1', 'docker:app:1.2'],
    ['footprint', 'docker:app:1.2'],
  ])('%s --json', async (...args) => {
    const [path, why] = unwritable()[0];
    const r = await runCli([...args, `--json=${path}`], { env: NO_ENGINE });
    expectUsageLine(r, new RegExp(`^layerscope: --json ${path.replace(/[.]/g, '\\.')}: .*`));
    expect(r.stderr).toMatch(why);
  });

  it('a read-only directory', async () => {
    // Root writes through permission bits, so as root (as in CI) the CLI runs as nobody (setpriv),
    // from a directory nobody may enter, with a config and an image nobody may read.
    const root = process.getuid?.() === 0;
    const base = mkdtempSync(join(tmpdir(), 'layerscope-ro-'));
    chmodSync(base, 0o755);
    try {
      const config = join(base, 'budget.yml');
      writeFileSync(config, readFileSync(CONFIG));
      const ro = join(base, 'read-only');
      mkdirSync(ro);
      chmodSync(ro, 0o555);
      const args = ['--no-cache', 'check', sample('1.2'), '--config', config, `--junit=${join(ro, 'r.xml')}`];
      const r = root ? await runAsNobody(args) : await runCli(args);
      expectUsageLine(r, /--junit .*read-only\/r\.xml: cannot write: permission denied/);
      expect(existsSync(join(ro, 'r.xml'))).toBe(false);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('every usage problem at once, before any image is read', async () => {
    const r = await runCli([
      'check',
      join(dir, 'missing.tar'),
      '--config',
      CONFIG,
      '--platform',
      'x',
      `--junit=${join(dir, 'nope', 'r.xml')}`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^layerscope: 3 problems:\n {2}--platform: "x" is not os\/arch\[\/variant\]\n {2}no such file: .*missing\.tar\n {2}--junit .*nope\/r\.xml: cannot write: no such directory\n/,
    );
  });
});

/** Runs the CLI with its stdout read end closed before it writes (as `| true`), or through `| head`. */
function runIntoClosedPipe(
  args: string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(dir, 'cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('output into a closed pipe ends quietly', () => {
  const runs: string[][] = [
    ['inspect', sample('1.2')],
    ['inspect', '--json', sample('1.2')],
    ['inspect', '--tree', sample('1.2')],
    ['diff', sample('1.1'), sample('1.2')],
    ['series', '--json', sample('1.0'), sample('1.1'), sample('1.2')],
    ['footprint', sample('1.1'), sample('1.2')],
    ['check', sample('1.2'), '--config', CONFIG, '--warn-only'],
  ];

  it.each(runs)('%s … (reader gone before the first write)', async (...args) => {
    const r = await runIntoClosedPipe(args);
    expect(r.stderr).toBe('');
    expect(r.signal === 'SIGPIPE' || r.code === 0, `code ${r.code} signal ${r.signal}`).toBe(true);
  });

  it.each([['| head -1'], ['| head -c 10']])('inspect %s in a shell pipeline', (pipe) => {
    const flag = pipe.includes('-c') ? '--json ' : '';
    const script = `set -o pipefail; XDG_CACHE_HOME=${join(dir, 'cache')} "${process.execPath}" "${BIN}" inspect ${flag}"${sample('1.2')}" ${pipe} >/dev/null; echo "status=$?"`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^status=(0|141)\n$/);
  });
});

/** Runs the built CLI as user nobody (setpriv from util-linux); the test is run as root. */
function runAsNobody(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
  return new Promise((resolve, reject) => {
    const child = spawn('setpriv', [...nobody, process.execPath, BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', HOME: tmpdir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

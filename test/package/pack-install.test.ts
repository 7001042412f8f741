/**
 * The package as users get it: `npm pack` holds what `layerscope` needs and nothing more,
 * and the tarball installed into an empty prefix runs `--version` and an inspect of a sample.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
let dir: string;
let files: string[];
let bin: string;

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_ignore_scripts: 'true' },
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-pack-'));
  // dist/ is built by `npm test`'s pretest; pack with --ignore-scripts so the test does not rebuild.
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], ROOT)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  files = packed.files.map((f) => f.path);
  const prefix = join(dir, 'prefix');
  npm(['install', '--global', '--prefer-offline', '--prefix', prefix, join(dir, packed.filename)], dir);
  bin = join(prefix, 'bin', 'layerscope');
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm pack', () => {
  it('holds the CLI, its build, the schemas and the README, and nothing else', () => {
    expect(files).toContain('bin/layerscope.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    const outside = files.filter(
      (f) => !/^(bin\/|dist\/.*\.js$|schema\/.*\.json$|package\.json$|README\.md$|LICENSE$)/.test(f),
    );
    expect(outside).toEqual([]);
    expect(files.some((f) => /^(test|bench|src|samples)\//.test(f) || f.endsWith('.map'))).toBe(false);
  });

  it('installed from the tarball, prints the version of package.json and inspects a sample', () => {
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
    const out = execFileSync(bin, ['inspect', join(ROOT, 'samples/app-1.2.tar')], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: dir },
    });
    expect(out).toMatch(/^Final FS /m);
    expect(out).toMatch(/COPY \. \/app/);
  });
});

/**
 * NO_COLOR and --no-color turn off every SGR escape sequence (colour, bold, dim, inverse) in
 * every output; FORCE_COLOR=1 stands in for a terminal so the test can see colour at all. explore
 * runs in a real pseudo-terminal (script(1)) and is read raw, escapes and all.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { REQUIRE_DOCKER } from '../helpers/engine.js';

const SGR = /\u001b\[[0-9;]*m/;
const S = join(process.cwd(), 'samples');
const cache = mkdtempSync(join(tmpdir(), 'layerscope-nocolor-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const RUNS: string[][] = [
  ['inspect', `${S}/app-1.2.tar`],
  ['inspect', '--tree', `${S}/app-1.2.tar`],
  ['inspect', '--files', `${S}/app-1.2.tar`],
  ['diff', `${S}/app-1.1.tar`, `${S}/app-1.2.tar`],
  ['series', `${S}/app-1.0.tar`, `${S}/app-1.1.tar`, `${S}/app-1.2.tar`],
  ['footprint', `${S}/app-1.1.tar`, `${S}/app-1.2.tar`],
  ['check', `${S}/app-1.2.tar`, '--config', `${S}/.layerscope.yml`, '--baseline', `${S}/app-1.1.tar`],
];

describe('no SGR with NO_COLOR or --no-color', () => {
  it.each(RUNS)('%s …', async (...args) => {
    const env = { XDG_CACHE_HOME: cache, FORCE_COLOR: '1' };
    const coloured = await runCli(args, { env: { ...env, NO_COLOR: '' } });
    expect(coloured.stdout).toMatch(SGR);
    for (const run of [
      runCli(args, { env: { ...env, NO_COLOR: '1' } }),
      runCli(['--no-color', ...args], { env: { ...env, NO_COLOR: '' } }),
      runCli([...args, '--no-color'], { env: { ...env, NO_COLOR: '' } }),
    ]) {
      const r = await run;
      expect([0, 1]).toContain(r.code);
      expect(r.stdout + r.stderr).not.toMatch(SGR);
      expect(r.stdout.split('\n')[0]).toBe(coloured.stdout.split('\n')[0].replace(new RegExp(SGR.source, 'g'), ''));
    }
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;
// Skips only on a developer's machine without script(1); CI (LAYERSCOPE_REQUIRE_DOCKER=1) fails instead.
if (!hasScript && REQUIRE_DOCKER)
  throw new Error('LAYERSCOPE_REQUIRE_DOCKER=1 but script(1) is missing: apt-get install -y bsdutils');

/** explore in a pseudo-terminal: waits for the scan, quits with q, returns everything it wrote. */
function explorePty(env: NodeJS.ProcessEnv, extra: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, 'explore', ...extra, `${S}/app-1.2.tar`].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfc', command, '/dev/null'], {
      env: { ...process.env, TERM: 'xterm-256color', XDG_CACHE_HOME: cache, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let quitting = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (c) => {
      out += c;
      if (/4 layers scanned/.test(out.replace(new RegExp(SGR.source, 'g'), '')) && !quitting) {
        quitting = true;
        setTimeout(() => child.stdin.end('q'), 300);
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

describe.skipIf(!hasScript)('explore in a pseudo-terminal', () => {
  it('draws colour by default, and no SGR at all with NO_COLOR (even with FORCE_COLOR) or --no-color', async () => {
    expect(await explorePty({ NO_COLOR: '' })).toMatch(SGR);
    for (const out of [
      await explorePty({ NO_COLOR: '1' }),
      await explorePty({ NO_COLOR: '1', FORCE_COLOR: '1' }),
      await explorePty({ NO_COLOR: '' }, ['--no-color']),
    ]) {
      expect(out).toMatch(/4 layers scanned/);
      expect(out).not.toMatch(SGR);
    }
  }, 120_000);
});

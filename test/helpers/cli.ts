/**
 * Runs the built CLI (bin/layerscope.js) as a user would, capturing output and exit code. A
 * --json document on stdout is validated against its schema (test/helpers/json-schema.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateCliJson } from './json-schema.js';

export { validateJson } from './json-schema.js';

export const BIN = fileURLToPath(new URL('../../bin/layerscope.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Each run gets an empty scan cache unless the test passes XDG_CACHE_HOME itself. */
const cacheRoot = mkdtempSync(join(tmpdir(), 'layerscope-cli-cache-'));
let runs = 0;
process.on('exit', () => rmSync(cacheRoot, { recursive: true, force: true }));

export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(cacheRoot, String(runs++)), ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        validateCliJson(args, code, stdout); // every --json on stdout is checked against schema/
      } catch (err) {
        reject(err);
        return;
      }
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

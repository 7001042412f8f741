/** The committed samples are what `npm run samples` writes, byte for byte, and they read. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const SAMPLES = fileURLToPath(new URL('../samples', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'layerscope-samples-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function digests(root: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/\.(ts|md|ya?ml|json)$/.test(name) || path.includes('app-oci'))
        result[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return result;
}

describe('samples', () => {
  it('regenerate byte for byte', () => {
    execFileSync(process.execPath, ['--import', 'tsx', join(SAMPLES, 'generate.ts'), out], { stdio: 'pipe' });
    expect(digests(out)).toEqual(digests(SAMPLES));
  });

  it('inspect reads the app series with the numbers they were built with', async () => {
    const r = await runCli(['inspect', '--json', join(SAMPLES, 'app-1.0.tar')]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(2);
    expect(doc.kind).toBe('inspect');
    expect(doc.image.repoTags).toEqual(['app:1.0']);
    expect(doc.rows.map((row: { layer: number | null }) => row.layer)).toEqual([1, null, 2, null, 3, 4, null]);
    expect(doc.rows[4].createdBy).toMatch(/npm ci/);
    expect(doc.rows[4].counts.files).toBeGreaterThan(2000);
  });
});

/**
 * `explore` through the built CLI: refuses to run without a terminal (exit 2, pointing to
 * inspect), and react/ink load only for it — checked by recording every module the other
 * commands import, with a Node resolve hook.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BINDINGS } from '../../src/tui/state/keys.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'layerscope-imports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with a hook that writes every module URL it loads to a file; returns them. */
async function loadedModules(
  args: string[],
  name: string,
): Promise<{ code: number | null; stderr: string; urls: string[] }> {
  const log = join(dir, `${name}.log`);
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.IMPORT_LOG, r.url + '\\n'); return r; }\n`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  writeFileSync(log, '');
  const result = await runCli(args, {
    env: { NODE_OPTIONS: `--import ${pathToFileURL(register).href}`, IMPORT_LOG: log },
  });
  return { code: result.code, stderr: result.stderr, urls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

/** react, ink and the modules that use them (components are PascalCase; run-explore renders). */
const uiModules = (urls: string[]) =>
  urls.filter((u) =>
    /node_modules\/(ink|react|react-reconciler|yoga-layout)\/|\/dist\/tui\/([A-Z]\w*|run-explore|use-explorer)\.js$/.test(
      u,
    ),
  );

describe('explore from the command line', () => {
  it('exits 2 with a line pointing to inspect when stdout is not a terminal, before loading the UI', async () => {
    const r = await loadedModules(['explore', 'samples/app-1.2.tar'], 'explore-pipe');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'layerscope: explore needs a terminal, and stdout is not one\n  hint: for output to a file or a pipe use: layerscope inspect samples/app-1.2.tar (--json for JSON)\n',
    );
    expect(uiModules(r.urls)).toEqual([]);
    expect(r.urls.some((u) => u.endsWith('/dist/cli/commands/explore.js'))).toBe(true); // the hook did record
  });

  it('inspect never loads react or ink', async () => {
    const r = await loadedModules(['inspect', 'samples/app-1.2.tar'], 'inspect');
    expect(r.code).toBe(0);
    expect(uiModules(r.urls)).toEqual([]);
    expect(r.urls.some((u) => u.includes('/node_modules/commander/'))).toBe(true);
  });

  it('checks its options before anything else: a bad platform is a usage error', async () => {
    const r = await runCli(['explore', 'samples/app-1.2.tar', '--platform', 'linux']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^layerscope: .*platform.*\n  hint: /);
  });

  it('documents the keys and --compare in its help', async () => {
    const r = await runCli(['explore', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: layerscope explore \[options\] <ref>/);
    expect(r.stdout).toContain('--compare <ref>');
    for (const b of BINDINGS) expect(r.stdout).toContain(`${b.label.padEnd(12)}${b.help}`);
  });
});

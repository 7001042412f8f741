/**
 * Every text, markdown, JUnit and GitHub-annotation renderer pinned by a golden file: the built
 * CLI runs on the committed samples and on one generated "corner" image (markdown-active and
 * control characters in commands and names, a forbidden path deleted later), and each output is
 * compared with test/golden/<name>. A change of output fails here until the golden is updated
 * (`npx vitest run test/golden -u`) and the diff reviewed. JSON has schemas instead (schema/).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { buildImage, writeDockerArchive, writeOciLayout } from '../fixtures/image-builder/index.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const dir = mkdtempSync(join(tmpdir(), 'layerscope-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Output as it may be committed: this run's temp dir becomes <tmp> and the repository root
 * <repo> (the only machine-specific text these outputs hold; none prints a time or duration,
 * and golden() fails if another temp path, such as the scan cache's, slips through).
 */
function normalize(text: string): string {
  return text.split(dir).join('<tmp>').split(REPO).join('<repo>');
}

/** Fixed width, no colour, and no GitHub Actions unless a test asks for it. */
const ENV = { NO_COLOR: '1', COLUMNS: '120', GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: undefined };

async function run(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  return runCli(args, { cwd: opts.cwd ?? REPO, env: { ...ENV, ...opts.env } });
}

/** A run as a transcript: the command, stdout, stderr when there is any, the exit code. */
function transcript(args: string[], r: CliResult, env: Record<string, string> = {}): string {
  const vars = Object.entries(env)
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  const stderr = r.stderr ? `--- stderr\n${r.stderr}` : '';
  return normalize(`$ ${vars}layerscope ${args.join(' ')}\n${r.stdout}${stderr}[exit ${r.code}]\n`);
}

async function golden(name: string, text: string): Promise<void> {
  expect(text, 'a temp path is left in the output').not.toContain(join(tmpdir(), 'layerscope-'));
  await expect(text).toMatchFileSnapshot(name);
}

/** Runs the CLI and pins the transcript; `cols` other than 120 goes into the golden's command line. */
async function pin(name: string, args: string[], opts: { cols?: number; cwd?: string } = {}): Promise<CliResult> {
  const env: Record<string, string> = opts.cols ? { COLUMNS: String(opts.cols) } : {};
  const r = await run(args, { env, cwd: opts.cwd });
  await golden(name, transcript(args, r, env));
  return r;
}

// The corner image: a command with backticks, a pipe and markdown emphasis, one with an escape
// sequence; names with a pipe, stars and control characters; a .git and a file deleted later.
// v2 keeps layer 1 and replaces the rest with one layer (a pipe in its command and a name).
const corner1 = buildImage({
  layers: [
    {
      createdBy: 'COPY `x` a|b /app # _under_ *star*',
      entries: [
        { type: 'dir', path: 'app' },
        { type: 'file', path: 'app/a|b *c*.txt', size: 2000 },
        { type: 'file', path: 'app/bell\u0007\u001b[31mred', size: 1000 },
        { type: 'symlink', path: 'app/link', target: 'a|b *c*.txt' },
      ],
    },
    {
      createdBy: 'RUN echo "\u001b[2J" | tee /tmp/x.log',
      entries: [
        { type: 'file', path: 'app/.git/HEAD', content: 'ref: refs/heads/main\n' },
        { type: 'file', path: 'tmp/x.log', size: 5000 },
      ],
    },
    { createdBy: 'RUN rm /tmp/x.log', entries: [{ type: 'whiteout', path: 'tmp/x.log' }] },
  ],
});
const corner2 = buildImage({
  layers: [
    corner1.spec.layers[0],
    { createdBy: 'RUN make | tee log', entries: [{ type: 'file', path: 'app/new|file', size: 3000 }] },
  ],
});
// pass, warn, fail and skip rows on the corner image (the samples' own config covers growth)
const CORNER_CONFIG = `image: { maxSize: 1MB, maxCompressedSize: 1MB, maxLayers: { warn: 2, fail: 5 }, maxInodes: 100 }
layer: { maxSize: 4kB }
forbiddenPaths: ["**/.git", /tmp/x.log, "/app/a|b *"]
waste: { minEfficiency: 50%, maxWastedBytes: disabled }
growth: { maxGrowth: 1kB }
`;

beforeAll(() => {
  writeDockerArchive(join(dir, 'corner.tar'), [{ image: corner1, tags: ['corner:1'] }], { format: 'legacy' });
  writeOciLayout(join(dir, 'corner-oci'), [
    { image: corner1, tag: '1' },
    { image: corner2, tag: '2' },
  ]);
  writeFileSync(join(dir, '.layerscope.yml'), CORNER_CONFIG);
});

describe('inspect', () => {
  it('table: layers, summary, efficiency, hints', () => pin('inspect-table.txt', ['inspect', 'samples/app-1.2.tar']));
  it('table: waste by layer, whiteouts', () => pin('inspect-waste.txt', ['inspect', 'samples/wasteful.tar']));
  it('table: compressed sizes of an OCI layout', () => pin('inspect-oci.txt', ['inspect', 'oci:samples/app-oci:1.2']));
  it('table in 80 columns: columns left out, commands and the ID cut', () =>
    pin('inspect-80-columns.txt', ['inspect', 'samples/wasteful.tar'], { cols: 80 }));
  it('--wide in 80 columns: nothing cut', () =>
    pin('inspect-wide.txt', ['inspect', 'samples/wasteful.tar', '--wide'], { cols: 80 }));
  it('--files', () => pin('inspect-files.txt', ['inspect', 'samples/app-1.2.tar', '--files']));
  it('--files --layer N in 80 columns: the title and paths cut', () =>
    pin(
      'inspect-files-layer-80-columns.txt',
      ['inspect', 'samples/wasteful.tar', '--files', '--layer', '2', '--top', '5'],
      { cols: 80 },
    ));
  it('--tree', () => pin('inspect-tree.txt', ['inspect', 'samples/wasteful.tar', '--tree']));
  it('--tree --layer N', () =>
    pin('inspect-tree-layer.txt', ['inspect', 'samples/app-1.2.tar', '--tree', '--layer', '4']));
  it('--tree --sort inodes --top --depth', () =>
    pin('inspect-tree-inodes.txt', [
      'inspect',
      'samples/app-1.2.tar',
      '--tree',
      '--sort',
      'inodes',
      '--top',
      '3',
      '--depth',
      '2',
    ]));
  it('corner image: escaped control characters, markdown-active characters as written', async () => {
    await pin('inspect-corner.txt', ['inspect', 'corner.tar'], { cwd: dir });
    await pin('inspect-corner-files.txt', ['inspect', 'corner.tar', '--files'], { cwd: dir });
  });
});

describe('diff', () => {
  it('text: estimated pull, content-only changes, churn', () =>
    pin('diff-content.txt', ['diff', 'samples/app-1.0.tar', 'samples/app-1.1.tar']));
  it('text: directories, largest changes, findings', () =>
    pin('diff.txt', ['diff', 'samples/app-1.1.tar', 'samples/app-1.2.tar']));
  it('markdown: exact pull from an OCI layout', () =>
    pin('diff.md', ['diff', 'oci:samples/app-oci:1.1', 'oci:samples/app-oci:1.2', '--markdown']));
  it('markdown: estimates and their footnote', () =>
    pin('diff-estimated.md', ['diff', 'samples/app-1.0.tar', 'samples/app-1.1.tar', '--markdown']));
  it('corner image: text and markdown (pipes and backticks in cells)', async () => {
    await pin('diff-corner.txt', ['diff', 'oci:corner-oci:1', 'oci:corner-oci:2'], { cwd: dir });
    await pin('diff-corner.md', ['diff', 'oci:corner-oci:1', 'oci:corner-oci:2', '--markdown'], { cwd: dir });
  });
});

describe('series', () => {
  const refs = ['samples/app-1.0.tar', 'samples/app-1.1.tar', 'samples/app-1.2.tar'];
  it('text', () => pin('series.txt', ['series', ...refs]));
  it('markdown', () => pin('series.md', ['series', ...refs, '--markdown']));
});

describe('footprint', () => {
  const refs = ['samples/app-1.0.tar', 'samples/app-1.1.tar', 'samples/app-1.2.tar', '--keep', '2'];
  it('text: overlay2, a rolling deploy that removes', () => pin('footprint.txt', ['footprint', ...refs]));
  it('markdown', () => pin('footprint.md', ['footprint', ...refs, '--markdown']));
  it('text: containerd, blobs of an OCI layout', () =>
    pin('footprint-containerd.txt', [
      'footprint',
      'oci:samples/app-oci:1.1',
      'oci:samples/app-oci:1.2',
      '--store',
      'containerd',
    ]));
});

describe('check', () => {
  /** Runs check with --markdown and --junit into files, on GitHub Actions or not; pins all of it. */
  async function pinCheck(name: string, args: string[], cwd: string) {
    const out = join(dir, name);
    mkdirSync(out, { recursive: true });
    const files = ['--markdown', join(out, 'report.md'), '--junit', join(out, 'report.xml')];
    const plain = await pin(`check-${name}.txt`, ['check', ...args], { cwd });
    expect(plain.code).toBe(1);
    const r = await run(['check', ...args, ...files], { cwd });
    expect(r.stdout).toBe(plain.stdout); // the files are written besides the table, not instead
    await golden(`check-${name}.md`, normalize(readFileSync(join(out, 'report.md'), 'utf8')));
    await golden(`check-${name}.xml`, normalize(readFileSync(join(out, 'report.xml'), 'utf8')));
    const summary = join(out, 'summary.md');
    writeFileSync(summary, '# an earlier step\n');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    const gh = await run(['check', ...args], { cwd, env });
    await golden(
      `check-${name}-github.txt`,
      transcript(['check', ...args], gh, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '<tmp>/summary.md' }),
    );
    await golden(`check-${name}-step-summary.md`, normalize(readFileSync(summary, 'utf8')));
  }

  it('samples: pass, warn, fail and skip rows, growth against a baseline', () =>
    pinCheck(
      'samples',
      ['samples/app-1.2.tar', '--baseline', 'samples/app-1.1.tar', '--config', 'samples/.layerscope.yml'],
      REPO,
    ));
  it('corner image: forbidden paths, waste, escaping in every format; a discovered config', () =>
    pinCheck('corner', ['corner.tar'], dir));
});

describe('errors: one line (and a hint), exit 2', () => {
  it('bad input', async () => {
    copyFileSync(join(REPO, 'samples/wasteful.tar'), join(dir, 'truncated.tar'));
    truncateSync(join(dir, 'truncated.tar'), 1_000_000);
    copyFileSync(join(REPO, 'samples/app-1.0.tar'), join(dir, 'truncated.tar.gz'));
    truncateSync(join(dir, 'truncated.tar.gz'), 100_000);
    writeFileSync(join(dir, 'empty.tar'), '');
    const cases = [
      ['inspect', join(dir, 'missing.tar')],
      ['inspect', join(dir, 'truncated.tar')],
      ['inspect', join(dir, 'truncated.tar.gz')],
      ['inspect', join(dir, 'empty.tar')],
      ['inspect', 'samples/app-oci'],
      ['inspect', 'oci:samples/app-oci:9.9'],
      ['inspect', 'ftp:/x'],
      ['inspect', 'samples/app-1.0.tar', '--bogus'],
      ['inspect', 'samples/app-1.0.tar', '--files', '--top', 'x'],
      ['inspect', 'samples/app-1.0.tar', '--tree', '--layer', '9'],
      ['diff', 'samples/app-1.0.tar'],
      ['series', 'samples/app-1.0.tar'],
      ['footprint', 'samples/app-1.0.tar', '--store', 'zfs'],
      ['check', 'samples/app-1.0.tar', '--config', join(dir, 'none.yml')],
      ['bogus'],
    ];
    const runs: string[] = [];
    for (const args of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      runs.push(transcript(args, r));
    }
    await golden('errors.txt', runs.join('\n'));
  });
});

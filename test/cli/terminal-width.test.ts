/**
 * Output fits the terminal: in a real pseudo-terminal (script(1), `stty cols N`), inspect,
 * diff and check print no line wider than 60, 80 or 120 cells on an image with a long
 * CREATED BY (CJK characters in it) and long paths; what is cut ends with `…`, and --wide
 * prints it whole. The check table stays aligned with long (and wide-character) rule names.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage, writeDockerArchive, type ImageSpec } from '../fixtures/image-builder/index.js';
import { BIN } from '../helpers/cli.js';

const LONG_COMMAND =
  'RUN echo 日本語のテキストを表示する && apt-get install -y --no-install-recommends build-essential ca-certificates curl git libssl-dev pkg-config python3 python3-pip';
const LONG_DIR = `app/node_modules/@scope/a-package-with-a-rather-long-name/${'a-directory-name-that-goes-on-and-on-'.repeat(3)}end/データ`;

function spec(version: string): ImageSpec {
  return {
    layers: [
      { createdBy: 'ADD rootfs.tar /', entries: [{ type: 'file', path: 'etc/os-release', content: 'ID=test' }] },
      {
        createdBy: LONG_COMMAND,
        entries: Array.from({ length: 6 }, (_, i) => ({
          type: 'file' as const,
          path: `${LONG_DIR}/module-${i}-${version}.js`,
          size: 2000 + i * 100,
        })),
      },
    ],
  };
}

const dir = mkdtempSync(join(tmpdir(), 'layerscope-width-'));
const [a, b] = [join(dir, 'a.tar'), join(dir, 'b.tar')];
const config = join(dir, 'budget.yml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  writeDockerArchive(a, [{ image: buildImage(spec('1')), tags: ['wide:1'] }], { format: 'oci' });
  writeDockerArchive(b, [{ image: buildImage(spec('2')), tags: ['wide:2'] }], { format: 'oci' });
  writeFileSync(
    config,
    [
      'image:',
      '  maxSize: 1MB',
      '  maxInodes: 10',
      'paths:',
      `  - { glob: "/${LONG_DIR}/**", maxSize: 1kB }`,
      '  - { glob: "/app/日本語のディレクトリ/とても長い名前/**", maxSize: 1MB }',
      'forbiddenPaths: [ "**/.git" ]',
    ].join('\n'),
  );
});

const SGR = /\u001b\[[0-9;?]*[a-zA-Z]/g;

/** The command run in a pseudo-terminal `columns` wide; its screen output as lines (SGR removed). */
function inTerminal(columns: number, args: string[]): { code: number | null; lines: string[] } {
  const quoted = args.map((x) => `'${x.replace(/'/g, `'\\''`)}'`).join(' ');
  const command = `stty cols ${columns} rows 50; XDG_CACHE_HOME='${join(dir, 'cache')}' '${process.execPath}' '${BIN}' ${quoted} 2>/dev/null`;
  const env = { ...process.env, TERM: 'xterm-256color' };
  delete env.COLUMNS;
  delete env.NO_COLOR;
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], {
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  const out = r.stdout.replace(/\r/g, '').replace(SGR, '');
  return { code: r.status, lines: out.split('\n') };
}

const COMMANDS: Array<[string, string[]]> = [
  ['inspect', ['inspect', a]],
  ['inspect --files', ['inspect', a, '--files']],
  ['inspect --tree', ['inspect', a, '--tree', '--depth', '12']],
  ['diff', ['diff', a, b]],
  ['check', ['check', b, '--config', config]],
];

describe.each([60, 80, 120])('at %i columns', (columns) => {
  it.each(COMMANDS)('%s prints no line wider than the terminal, and cuts with …', (_, args) => {
    const { code, lines } = inTerminal(columns, args);
    expect(code === 0 || (args[0] === 'check' && code === 1), lines.join('\n')).toBe(true);
    const wide = lines.filter((l) => stringWidth(l) > columns);
    expect(wide, lines.join('\n')).toEqual([]);
    expect(lines.join('\n')).toContain('…');
  });
});

describe('--wide', () => {
  it.each(COMMANDS)('%s prints commands and paths whole, even in a 60-column terminal', (_, args) => {
    const { lines } = inTerminal(60, [...args, '--wide']);
    const text = lines.join('\n');
    if (args[0] === 'inspect' && args.length === 2) expect(text).toContain(LONG_COMMAND);
    if (args[0] === 'diff') expect(text).toContain(`/${LONG_DIR}/module-5-2.js`);
    if (args.includes('--files')) expect(text).toContain(`/${LONG_DIR}/module-5-1.js`);
    if (args.includes('--tree')) expect(text).toContain('└─ データ');
    if (args[0] === 'check') expect(text).toContain(`paths[/${LONG_DIR}/**].maxSize`);
    expect(text).not.toContain('left out to fit');
  });
});

describe('without a terminal', () => {
  it('prints every line whole, unless COLUMNS says otherwise', () => {
    const run = (env: NodeJS.ProcessEnv) => {
      const e = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(dir, 'cache'), ...env };
      if (env.COLUMNS === undefined) delete e.COLUMNS;
      return spawnSync(process.execPath, [BIN, 'inspect', a], { encoding: 'utf8', env: e }).stdout;
    };
    expect(run({})).toContain(LONG_COMMAND);
    const cut = run({ COLUMNS: '70' }).split('\n');
    expect(cut.filter((l) => stringWidth(l) > 70)).toEqual([]);
    expect(cut.join('\n')).toContain('…');
  });
});

/** A line as terminal cells: a wide character takes two. */
const cells = (line: string) => [...line].flatMap((ch) => (stringWidth(ch) === 2 ? [ch, ''] : [ch]));

describe('the check table', () => {
  it.each([80, 120, Infinity])(
    'keeps its columns aligned with long, wide-character rule names (%s columns)',
    (columns) => {
      const { lines } = Number.isFinite(columns)
        ? inTerminal(columns, ['check', b, '--config', config])
        : inTerminal(200, ['check', b, '--config', config, '--wide']);
      const table = lines.slice(lines.findIndex((l) => l.startsWith('STATUS')));
      const head = cells(table[0]);
      const rows = table
        .slice(
          1,
          table.findIndex((l) => l === ''),
        )
        .map(cells);
      expect(rows.length).toBe(5);
      // ACTUAL and LIMIT are right-aligned: every row ends them in the heading's last cell.
      for (const name of ['ACTUAL', 'LIMIT']) {
        const end = head.join('').indexOf(name) + name.length - 1;
        for (const row of rows)
          expect([row[end], row[end + 1] ?? ' '], row.join('')).toEqual([expect.stringMatching(/\S/), ' ']);
      }
      // RULE and CULPRIT are left-aligned: every row starts them in the heading's first cell.
      for (const name of ['RULE', 'CULPRIT']) {
        const start = head.join('').indexOf(name);
        for (const row of rows.filter((r) => r.length > start))
          expect([row[start - 1], row[start]], row.join('')).toEqual([' ', expect.stringMatching(/\S/)]);
      }
    },
  );
});

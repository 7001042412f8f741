/**
 * The published JSON Schemas (schema/): each compiles under draft 2020-12, every command with
 * a --json option has one, and they are strict enough to reject a document that drifted.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SCHEMA_DIR, schemaAjv, validateCliJson, validateJson } from '../helpers/json-schema.js';
import { buildImage, writeDockerArchive } from '../fixtures/image-builder/index.js';

let dir: string;
let archive: string;
let doc: any;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-schema-'));
  archive = join(dir, 'app.tar');
  const image = buildImage({
    layers: [
      {
        entries: [
          { type: 'file', path: 'bin/tool', size: 3000 },
          { type: 'symlink', path: 'bin/t', target: 'tool' },
        ],
        createdBy: 'ADD rootfs.tar /',
      },
      { entries: [{ type: 'file', path: 'tmp/big', size: 2000 }], createdBy: 'RUN make' },
      { entries: [{ type: 'whiteout', path: 'tmp/big' }], createdBy: 'RUN rm /tmp/big' },
    ],
  });
  writeDockerArchive(archive, [{ image, tags: ['app:1'] }], { format: 'legacy' });
  const r = await runCli(['inspect', '--json', archive]);
  expect(r.code).toBe(0);
  doc = JSON.parse(r.stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schemaFiles = () =>
  readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .sort();

/** Commands (and `cache` subcommands) whose --help lists a --json option. */
async function commandsWithJson(): Promise<string[]> {
  const top = (await runCli(['--help'])).stdout;
  const names = [...top.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]).filter((n) => n !== 'help');
  const out: string[] = [];
  for (const name of names) {
    const help = (await runCli([name, '--help'])).stdout;
    if (/--json\b/.test(help)) out.push(name);
    for (const sub of [...help.matchAll(/^ {2}([a-z]+) \[options\]/gm)].map((m) => m[1])) {
      if (/--json\b/.test((await runCli([name, sub, '--help'])).stdout)) out.push(name);
    }
  }
  return [...new Set(out)].sort();
}

describe('schema/', () => {
  it('every schema compiles under draft 2020-12 (ajv strict mode)', () => {
    const ajv = schemaAjv();
    expect(schemaFiles().length).toBeGreaterThanOrEqual(8);
    for (const file of schemaFiles()) {
      const validate = ajv.getSchema(file);
      expect(validate, file).toBeTypeOf('function');
      expect(validate!.schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: file });
    }
  });

  it('every command with --json has a schema, and every schema but common.schema.json belongs to one', async () => {
    const commands = await commandsWithJson();
    expect(commands).toEqual(
      expect.arrayContaining(['inspect', 'diff', 'series', 'check', 'footprint', 'tags', 'cache']),
    );
    const documents = schemaFiles()
      .filter((f) => f !== 'common.schema.json')
      .map((f) => f.replace('.schema.json', ''));
    expect(documents.sort()).toEqual(commands);
  });
});

describe('validation fails on a document that drifted', () => {
  const mutated = (change: (d: any) => void) => {
    const copy = structuredClone(doc);
    change(copy);
    return copy;
  };

  it('accepts the real document', () => {
    expect(() => validateJson('inspect', doc)).not.toThrow();
    expect(doc.schemaVersion).toBe(2);
  });

  it.each([
    [
      'an old field name (tarSize)',
      (d: any) => {
        d.rows[0].tarSize = d.rows[0].tarBytes;
        delete d.rows[0].tarBytes;
      },
      /tarBytes|tarSize/,
    ],
    [
      'a layer numbered from 0',
      (d: any) => {
        d.analysis.reclaimable.blame[0].writtenBy = 0;
      },
      /writtenBy must be >= 1/,
    ],
    [
      'a missing required field',
      (d: any) => {
        delete d.image.platform;
      },
      /platform/,
    ],
    [
      'a wrong type',
      (d: any) => {
        d.totals.size = String(d.totals.size);
      },
      /\/totals\/size must be integer,null/,
    ],
    [
      'a value outside its enum',
      (d: any) => {
        d.rows[0].compression = 'brotli';
      },
      /compression must be equal to one of the allowed values/,
    ],
    [
      'schemaVersion 1',
      (d: any) => {
        d.schemaVersion = 1;
      },
      /schemaVersion must be equal to constant/,
    ],
  ])('rejects %s', (_, change, message) => {
    expect(() => validateJson('inspect', mutated(change))).toThrow(message);
  });

  it('runCli rejects --json on stdout that does not match, and names the command', () => {
    const bad = JSON.stringify(
      mutated((d) => {
        d.rows[0].layer = 0;
      }),
    );
    expect(() => validateCliJson(['inspect', '--json', archive], 0, bad)).toThrow(
      /inspect --json does not match schema\/inspect\.schema\.json:\n {2}\/rows\/0\/layer/,
    );
    expect(() => validateCliJson(['--no-cache', 'inspect', archive, '--json'], 1, '{"schemaVersion": 2')).toThrow(
      /printed no JSON document/,
    );
    expect(() =>
      validateCliJson(
        ['cache', 'info', '--json'],
        0,
        JSON.stringify({
          schemaVersion: 2,
          kind: 'cache-info',
          dir: '/x',
          entries: -1,
          bytes: 0,
          steps: { entries: 0, bytes: 0 },
        }),
      ),
    ).toThrow(/\/entries must be >= 0/);
  });
});

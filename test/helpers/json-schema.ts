/**
 * Validates layerscope's JSON documents against the published schemas in schema/ (draft
 * 2020-12, ajv). runCli calls validateCliJson on every run that prints --json to stdout;
 * tests that read a --json FILE call validateJson themselves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

let ajv: Ajv2020 | undefined;

/** Every schema in schema/, loaded once (so that $refs between them resolve). */
export function schemaAjv(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(`${SCHEMA_DIR}${file}`, 'utf8')));
  }
  return ajv;
}

export function schemaValidator(command: string): ValidateFunction {
  const validate = schemaAjv().getSchema(`${command}.schema.json`);
  if (!validate) throw new Error(`no JSON Schema for "${command}": expected schema/${command}.schema.json`);
  return validate;
}

/** Throws, listing ajv's errors, unless `value` is a valid `command` document. Returns it. */
export function validateJson<T = any>(command: string, value: T): T {
  const validate = schemaValidator(command);
  if (validate(value)) return value;
  const errors = (validate.errors ?? [])
    .slice(0, 20)
    .map(
      (e) =>
        `  ${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`,
    );
  throw new Error(`${command} --json does not match schema/${command}.schema.json:\n${errors.join('\n')}`);
}

/** Global options that take a value (so the command word is found past them). */
const GLOBAL_VALUES = new Set(['--creds', '--tls-verify']);

/** The command word of an argv: the first argument that is neither an option nor an option's value. */
export function commandOf(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (GLOBAL_VALUES.has(args[i])) i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

/**
 * When a run printed --json to stdout (no FILE after --json, or stdout is a JSON document)
 * and exited 0 or 1: parse and validate it, throwing on a mismatch.
 */
export function validateCliJson(args: string[], code: number | null, stdout: string): void {
  const at = args.indexOf('--json');
  if (at < 0 || (code !== 0 && code !== 1) || stdout.trim() === '') return;
  const next = args[at + 1];
  const toStdout = next === undefined || next.startsWith('-') || stdout.trimStart().startsWith('{');
  if (!toStdout) return;
  const command = commandOf(args);
  if (!command) return;
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch (err) {
    throw new Error(
      `${args.join(' ')}: --json printed no JSON document (${(err as Error).message}):\n${stdout.slice(0, 300)}`,
    );
  }
  validateJson(command, doc);
}

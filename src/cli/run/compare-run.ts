/**
 * What `diff` and `series` share: their flags, every reference and flag checked before any
 * I/O (all problems reported together), and how a report is written. The steps themselves:
 * compare-steps.ts.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_COMPARE_TOP } from '../../analysis/compare/compare-report.js';
import { LayerscopeError, usageError } from '../../errors.js';
import { renderJson } from '../../render/common/json.js';
import type { Style } from '../../render/common/style.js';
import type { Platform } from '../../source/model.js';
import { parsePlatform } from '../../source/oci/platform.js';
import { parseReference } from '../../source/reference.js';
import { WIDE_OPTION } from '../flags/help-text.js';
import { addJsonOption, jsonTarget, unwritable, writeOutputFile } from '../flags/json-output.js';
import { registryOptions } from '../flags/registry-options.js';
import type { CliContext } from './context.js';

export interface CompareFlagValues {
  json?: string | boolean;
  markdown?: boolean;
  platform?: string;
  pull?: boolean;
  top?: string;
}

export interface CompareSetup {
  format: 'text' | 'json' | 'markdown';
  /** --json=FILE: the JSON document also goes to this file (the text stays on stdout). */
  jsonFile?: string;
  platform?: Platform;
  pull: boolean;
  top: number;
}

export function addCompareOptions(cmd: Command): Command {
  return addJsonOption(cmd)
    .option('--markdown', 'print markdown for a pull-request comment instead of the table')
    .option(
      '--top <k>',
      `rows in the directory, largest-change and package-change lists (default: ${DEFAULT_COMPARE_TOP})`,
    )
    .option('--platform <os/arch[/variant]>', 'the platform to pick from multi-platform indexes (default: this host)')
    .option('--pull', 'engine images (docker:NAME): pull them first')
    .option(...WIDE_OPTION);
}

/** Checks every reference and flag; throws one usage error naming every problem. */
export function parseCompareSetup(
  refs: string[],
  v: CompareFlagValues,
  globals: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): CompareSetup {
  const problems: LayerscopeError[] = [];
  const check = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof LayerscopeError)) throw err;
      problems.push(err);
      return undefined;
    }
  };
  for (const ref of refs) check(() => checkReference(ref, !!v.pull));
  const platform = v.platform === undefined ? undefined : check(() => parsePlatform(v.platform!));
  const top = v.top === undefined ? DEFAULT_COMPARE_TOP : check(() => parseTop(v.top!));
  check(() => registryOptions(globals, env));
  const json = check(() => jsonTarget(v.json)) ?? { stdout: false };
  const unwritableJson = json.file ? unwritable('json', json.file) : null;
  if (unwritableJson) problems.push(unwritableJson);
  if (json.stdout && v.markdown) problems.push(usageError('--json and --markdown: choose one output'));
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1)
    throw usageError(problems.map((p) => p.message).join('; '), problems.find((p) => p.hint)?.hint);
  return {
    format: json.stdout ? 'json' : v.markdown ? 'markdown' : 'text',
    jsonFile: json.file,
    platform,
    pull: !!v.pull,
    top: top!,
  };
}

/** How a compare command prints its report: the JSON kind, and the renderers (loaded only when asked). */
export interface CompareOutput<R> {
  kind: string;
  markdown: () => Promise<(report: R) => string>;
  text: () => Promise<(report: R, style: Style, width: number) => string>;
}

/** Writes the report as the flags ask: --json=FILE, then stdout as JSON (with the run's `scan`), markdown or table. */
export async function writeCompareOutput<R extends object>(
  report: R,
  scan: object,
  setup: CompareSetup,
  ctx: CliContext,
  out: CompareOutput<R>,
): Promise<void> {
  const json = () => renderJson(out.kind, { ...report, scan });
  if (setup.jsonFile) writeOutputFile('json', setup.jsonFile, json());
  if (setup.format === 'json') ctx.stdout.write(json());
  else if (setup.format === 'markdown') ctx.stdout.write((await out.markdown())(report));
  else ctx.stdout.write((await out.text())(report, ctx.style, ctx.width));
}

function checkReference(ref: string, pull: boolean): void {
  const parsed = parseReference(ref, existsSync);
  if ('path' in parsed && !existsSync(parsed.path)) {
    throw new LayerscopeError('not-found', `no such file: ${parsed.path}`, {
      hint: 'every reference is checked before any image is read',
    });
  }
  if (pull && parsed.transport !== 'docker')
    throw usageError(
      `${ref}: --pull applies only to images in the Docker Engine (docker:NAME)`,
      'drop --pull, or name engine images only',
    );
}

function parseTop(raw: string): number {
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw usageError(`--top must be a whole number from 1 (got "${raw}")`);
  return Number(raw);
}

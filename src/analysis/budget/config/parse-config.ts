/**
 * Reads a `.layerscope.yml` (YAML or JSON) into a BudgetConfig, collecting every problem
 * with its line and column instead of stopping at the first. A .json file is held to JSON's
 * own syntax (json-syntax.ts) before it is read for positions. Pure: text in, config and
 * problems out.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { BudgetConfig, ConfigProblem, ForbiddenPath, Limit, PathBudget } from './config.js';
import { jsonSyntaxProblem } from './json-syntax.js';
import { PACKAGE_LIST_KEYS, PATH_RULE_KEYS, RULES, SECTIONS, type ValueKind } from '../rules.js';
import { didYouMean } from './suggest.js';
import { parseCount, parsePercent, parseSize, sizeUnit, type ParseResult } from './units.js';

const PARSERS: Record<ValueKind, (raw: unknown) => ParseResult> = {
  size: parseSize,
  percent: parsePercent,
  count: parseCount,
};
const ALL_SECTIONS = [...SECTIONS, 'paths', 'forbiddenPaths'];
const PATH_KEYS = ['glob', ...Object.keys(PATH_RULE_KEYS)];

class Reader {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly lines: LineCounter) {}

  at(node: Node | Pair | null | undefined): { line: number | null; column: number | null } {
    const range = (node as Node | undefined)?.range ?? ((node as Pair | undefined)?.key as Node | undefined)?.range;
    if (!range) return { line: null, column: null };
    const pos = this.lines.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  }

  line(node: Node | Pair | null | undefined): number | undefined {
    return this.at(node).line ?? undefined;
  }

  problem(node: Node | Pair | null | undefined, message: string): void {
    this.problems.push({ ...this.at(node), message });
  }

  /** A rule value: a limit (fail), `disabled`, or `{ warn, fail }` (warn first in the rule's direction). */
  limit(node: Node | null, id: string, kind: ValueKind, direction: 'max' | 'min'): Limit | undefined {
    const line = this.line(node);
    if (isScalar(node) && node.value === 'disabled') return { disabled: true, line };
    if (!isMap(node)) {
      const fail = this.value(node, id, kind);
      return fail === undefined ? undefined : withUnit({ fail, line }, kind, [node]);
    }
    const out: Limit = { line };
    const given: Node[] = [];
    for (const pair of node.items) {
      const key = keyOf(pair);
      if (key !== 'warn' && key !== 'fail')
        this.problem(
          pair,
          `${id}: unknown key "${key}" (use warn and/or fail${key.length > 2 ? `; ${didYouMean(key, ['warn', 'fail'])}` : ''})`,
        );
      else {
        out[key] = this.value(pair.value as Node, `${id}.${key}`, kind);
        given[key === 'fail' ? 0 : 1] = pair.value as Node;
      }
    }
    if (out.warn === undefined && out.fail === undefined) this.problem(node, `${id}: give warn and/or fail`);
    if (
      out.warn !== undefined &&
      out.fail !== undefined &&
      (direction === 'max' ? out.warn > out.fail : out.warn < out.fail)
    ) {
      this.problem(
        given[1],
        `${id}: warn is beyond fail (warn ${scalarText(given[1])}, fail ${scalarText(given[0])}): a warning comes ${direction === 'max' ? 'below' : 'above'} the failure`,
      );
    }
    return withUnit(out, kind, given);
  }

  value(node: Node | null, id: string, kind: ValueKind): number | undefined {
    const parsed = PARSERS[kind](isScalar(node) ? node.value : undefined);
    if (parsed.ok) return parsed.value;
    this.problem(node, `${id}: ${parsed.error}`);
    return undefined;
  }
}

/** Keeps the units a size limit was written in: nodes are [fail, warn]. */
function withUnit(limit: Limit, kind: ValueKind, [fail, warn]: Array<Node | null | undefined>): Limit {
  if (kind !== 'size') return limit;
  const unitOf = (n: Node | null | undefined) => sizeUnit(isScalar(n) ? n.value : undefined)?.name;
  const out = { ...limit };
  const [failUnit, warnUnit] = [unitOf(fail), unitOf(warn)];
  if (failUnit) out.unit = failUnit;
  if (warnUnit) out.warnUnit = warnUnit;
  return out;
}

const scalarText = (node: Node | null | undefined) => String(isScalar(node) ? node.value : '?');

export function parseBudgetConfig(text: string, file: string): { config: BudgetConfig; problems: ConfigProblem[] } {
  const config: BudgetConfig = {
    file,
    format: 'layerscope',
    rules: new Map(),
    paths: [],
    forbiddenPaths: [],
    packageBudgets: [],
    forbiddenPackages: [],
  };
  const jsonProblem = /\.json$/i.test(file) ? jsonSyntaxProblem(text) : null;
  if (jsonProblem) return { config, problems: [jsonProblem] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const reader = new Reader(lines);
  for (const err of doc.errors) {
    const pos = err.linePos?.[0];
    reader.problems.push({
      line: pos?.line ?? null,
      column: pos?.col ?? null,
      message: err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
    });
  }
  if (doc.errors.length > 0) return { config, problems: reader.problems };
  const root = doc.contents;
  if (root === null) return { config, problems: [{ line: null, message: 'the file is empty' }] };
  if (!isMap(root))
    return { config, problems: [{ ...reader.at(root), message: `expected sections: ${ALL_SECTIONS.join(', ')}` }] };
  for (const pair of root.items) readSection(reader, config, pair);
  return { config, problems: reader.problems };
}

function keyOf(pair: Pair): string {
  return String((pair.key as Node & { toJSON(): unknown })?.toJSON?.() ?? '');
}

function readSection(reader: Reader, config: BudgetConfig, pair: Pair): void {
  const name = keyOf(pair);
  const value = pair.value as Node | null;
  if (name === 'paths') return readBudgets(reader, value, PATHS, config.paths);
  if (name === 'forbiddenPaths') return readForbidden(reader, value, PATHS, config.forbiddenPaths);
  if (!(SECTIONS as readonly string[]).includes(name)) {
    return reader.problem(pair, `unknown section "${name}" (${didYouMean(name, ALL_SECTIONS)})`);
  }
  if (!isMap(value))
    return reader.problem(
      pair,
      `${name}: expected rules under it, e.g. ${RULES.find((r) => r.id.startsWith(name))?.id}`,
    );
  for (const rule of (value as YAMLMap).items) {
    if (name === 'packages' && readPackageList(reader, config, rule)) continue;
    const id = `${name}.${keyOf(rule)}`;
    const spec = RULES.find((r) => r.id === id);
    if (!spec) {
      const known = [
        ...RULES.filter((r) => r.id.startsWith(`${name}.`)).map((r) => r.id.split('.')[1]),
        ...(name === 'packages' ? PACKAGE_LIST_KEYS : []),
      ];
      const near = didYouMean(keyOf(rule), known);
      reader.problem(
        rule,
        `unknown rule "${id}" (${near.startsWith('did') ? `${near} ` : ''}rules in ${name}: ${known.join(', ')})`,
      );
      continue;
    }
    const word =
      id === 'packages.devShipped' && isScalar(rule.value) ? DEV_SHIPPED[String(rule.value.value)] : undefined;
    const limit = word
      ? { ...word, line: reader.line(rule.value as Node) }
      : reader.limit(rule.value as Node, id, spec.kind, spec.direction);
    if (limit) config.rules.set(id, limit);
  }
}

/** `packages.devShipped: fail` (or warn): any dev dependency shipped fails (warns); a number is a count limit. */
const DEV_SHIPPED: Record<string, Limit> = { fail: { fail: 0 }, warn: { warn: 0 } };

/** The list keys of the packages section (maxSize, forbid); false for a rule. */
function readPackageList(reader: Reader, config: BudgetConfig, pair: Pair): boolean {
  const key = keyOf(pair);
  if (key === 'maxSize') readBudgets(reader, pair.value as Node | null, PACKAGES, config.packageBudgets);
  else if (key === 'forbid') readForbidden(reader, pair.value as Node | null, PACKAGES, config.forbiddenPackages);
  else return false;
  return true;
}

/** What a list of globs is named in messages, and whether its globs are absolute paths. */
interface GlobList {
  budgets: string;
  forbidden: string;
  absolute: boolean;
  example: string;
}

const PATHS: GlobList = {
  budgets: 'paths',
  forbidden: 'forbiddenPaths',
  absolute: true,
  example: '/app/node_modules/**',
};
const PACKAGES: GlobList = {
  budgets: 'packages.maxSize',
  forbidden: 'packages.forbid',
  absolute: false,
  example: '@types/*',
};

/** Why a glob of `list` is refused, or null. */
function globProblem(list: GlobList, glob: string, forbidden: boolean): string | null {
  const name = forbidden ? list.forbidden : list.budgets;
  if (glob.trim() === '')
    return list.absolute
      ? `${name}: empty glob (give an absolute glob, e.g. ${forbidden ? '"**/.git"' : list.example})`
      : `${name}: empty glob (a package name or glob, e.g. ${list.example})`;
  if (list.absolute && !glob.startsWith('/') && !glob.startsWith('**'))
    return forbidden
      ? `${name}: "${glob}" must be an absolute glob (start with / or **)`
      : `${name}: glob "${glob}" must be absolute (start with / or **)`;
  return null;
}

function readBudgets(reader: Reader, node: Node | null, list: GlobList, out: PathBudget[]): void {
  const name = list.budgets;
  if (!isSeq(node)) return reader.problem(node, `${name}: expected a list of { glob, maxSize, maxInodes }`);
  for (const item of node.items as Node[]) {
    if (!isMap(item)) {
      reader.problem(item, `${name}: each item needs a glob and maxSize and/or maxInodes`);
      continue;
    }
    const budget: PathBudget = { glob: '', line: reader.line(item) };
    let globNode: Node | null = item;
    for (const pair of item.items) {
      const key = keyOf(pair);
      if (key === 'glob') {
        budget.glob = String((pair.value as Node & { toJSON(): unknown })?.toJSON?.() ?? '');
        globNode = (pair.value as Node | null) ?? (pair.key as Node);
      } else if (key in PATH_RULE_KEYS)
        budget[key as 'maxSize' | 'maxInodes'] = reader.limit(
          pair.value as Node,
          `${name}[${budget.glob || '?'}].${key}`,
          PATH_RULE_KEYS[key as keyof typeof PATH_RULE_KEYS],
          'max',
        );
      else reader.problem(pair, `${name}: unknown key "${key}" (${didYouMean(key, PATH_KEYS)})`);
    }
    const problem = globProblem(list, budget.glob, false);
    if (problem) reader.problem(globNode, problem);
    else if (!budget.maxSize && !budget.maxInodes)
      reader.problem(item, `${name}: ${budget.glob} needs maxSize and/or maxInodes`);
    else out.push(budget);
  }
}

function readForbidden(reader: Reader, node: Node | null, list: GlobList, out: ForbiddenPath[]): void {
  if (!isSeq(node)) return reader.problem(node, `${list.forbidden}: expected a list of globs`);
  for (const item of node.items as Node[]) {
    const glob = isScalar(item) ? String(item.value ?? '') : '';
    const problem = globProblem(list, glob, true);
    if (problem) reader.problem(item, problem);
    else out.push({ glob, line: reader.line(item) });
  }
}

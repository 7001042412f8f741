/**
 * Reads a `.layerscope.yml` (YAML or JSON) into a BudgetConfig, collecting every problem
 * with its line instead of stopping at the first. Pure: text in, config and problems out.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { BudgetConfig, ConfigProblem, Limit, PathBudget } from './config.js';
import { PATH_RULE_KEYS, RULES, SECTIONS, type ValueKind } from './rules.js';
import { parseCount, parsePercent, parseSize, type ParseResult } from './units.js';

const PARSERS: Record<ValueKind, (raw: unknown) => ParseResult> = { size: parseSize, percent: parsePercent, count: parseCount };

class Reader {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly lines: LineCounter) {}

  line(node: Node | Pair | null | undefined): number | null {
    const range = (node as Node | undefined)?.range ?? ((node as Pair | undefined)?.key as Node | undefined)?.range;
    return range ? this.lines.linePos(range[0]).line : null;
  }

  problem(node: Node | Pair | null | undefined, message: string): void {
    this.problems.push({ line: this.line(node), message });
  }

  /** A rule value: a limit (fail), `disabled`, or `{ warn, fail }`. */
  limit(node: Node | null, id: string, kind: ValueKind): Limit | undefined {
    const line = this.line(node) ?? undefined;
    if (isScalar(node) && node.value === 'disabled') return { disabled: true, line };
    if (isMap(node)) {
      const out: Limit = { line };
      for (const pair of node.items) {
        const key = String((pair.key as Node & { value?: unknown })?.toJSON?.() ?? '');
        if (key !== 'warn' && key !== 'fail') this.problem(pair, `${id}: unknown key "${key}" (use warn and/or fail)`);
        else out[key] = this.value(pair.value as Node, `${id}.${key}`, kind);
      }
      if (out.warn === undefined && out.fail === undefined) this.problem(node, `${id}: give warn and/or fail`);
      return out;
    }
    const fail = this.value(node, id, kind);
    return fail === undefined ? undefined : { fail, line };
  }

  value(node: Node | null, id: string, kind: ValueKind): number | undefined {
    const parsed = PARSERS[kind](isScalar(node) ? node.value : undefined);
    if (parsed.ok) return parsed.value;
    this.problem(node, `${id}: ${parsed.error}`);
    return undefined;
  }
}

export function parseBudgetConfig(text: string, file: string): { config: BudgetConfig; problems: ConfigProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const reader = new Reader(lines);
  const config: BudgetConfig = { file, format: 'layerscope', rules: new Map(), paths: [], forbiddenPaths: [] };
  for (const err of doc.errors) reader.problems.push({ line: err.linePos?.[0]?.line ?? null, message: err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') });
  if (doc.errors.length > 0) return { config, problems: reader.problems };
  const root = doc.contents;
  if (root === null) return { config, problems: [{ line: null, message: 'the file is empty' }] };
  if (!isMap(root)) return { config, problems: [{ line: reader.line(root), message: 'expected sections: image, layer, paths, forbiddenPaths, waste, growth' }] };
  for (const pair of root.items) readSection(reader, config, pair);
  return { config, problems: reader.problems };
}

function keyOf(pair: Pair): string {
  return String((pair.key as Node & { toJSON(): unknown })?.toJSON?.() ?? '');
}

function readSection(reader: Reader, config: BudgetConfig, pair: Pair): void {
  const name = keyOf(pair);
  const value = pair.value as Node | null;
  if (name === 'paths') return readPaths(reader, config, value);
  if (name === 'forbiddenPaths') return readForbidden(reader, config, value);
  if (!(SECTIONS as readonly string[]).includes(name)) {
    return reader.problem(pair, `unknown section "${name}" (sections: ${[...SECTIONS, 'paths', 'forbiddenPaths'].join(', ')})`);
  }
  if (!isMap(value)) return reader.problem(pair, `${name}: expected rules under it, e.g. ${RULES.find((r) => r.id.startsWith(name))?.id}`);
  for (const rule of (value as YAMLMap).items) {
    const id = `${name}.${keyOf(rule)}`;
    const spec = RULES.find((r) => r.id === id);
    if (!spec) {
      const known = RULES.filter((r) => r.id.startsWith(`${name}.`)).map((r) => r.id.split('.')[1]);
      reader.problem(rule, `unknown rule "${id}" (rules in ${name}: ${known.join(', ')})`);
      continue;
    }
    const limit = reader.limit(rule.value as Node, id, spec.kind);
    if (limit) config.rules.set(id, limit);
  }
}

function readPaths(reader: Reader, config: BudgetConfig, node: Node | null): void {
  if (!isSeq(node)) return reader.problem(node, 'paths: expected a list of { glob, maxSize, maxInodes }');
  for (const item of node.items as Node[]) {
    if (!isMap(item)) {
      reader.problem(item, 'paths: each item needs a glob and maxSize and/or maxInodes');
      continue;
    }
    const budget: PathBudget = { glob: '', line: reader.line(item) ?? undefined };
    for (const pair of item.items) {
      const key = keyOf(pair);
      if (key === 'glob') budget.glob = String((pair.value as Node & { toJSON(): unknown })?.toJSON?.() ?? '');
      else if (key in PATH_RULE_KEYS) budget[key as 'maxSize' | 'maxInodes'] = reader.limit(pair.value as Node, `paths[${budget.glob || '?'}].${key}`, PATH_RULE_KEYS[key as keyof typeof PATH_RULE_KEYS]);
      else reader.problem(pair, `paths: unknown key "${key}" (use glob, maxSize, maxInodes)`);
    }
    if (!budget.glob.startsWith('/') && !budget.glob.startsWith('**')) reader.problem(item, `paths: glob "${budget.glob}" must be absolute (start with / or **)`);
    else if (!budget.maxSize && !budget.maxInodes) reader.problem(item, `paths: ${budget.glob} needs maxSize and/or maxInodes`);
    else config.paths.push(budget);
  }
}

function readForbidden(reader: Reader, config: BudgetConfig, node: Node | null): void {
  if (!isSeq(node)) return reader.problem(node, 'forbiddenPaths: expected a list of globs');
  for (const item of node.items as Node[]) {
    const glob = isScalar(item) ? String(item.value) : '';
    if (!glob.startsWith('/') && !glob.startsWith('**')) reader.problem(item, `forbiddenPaths: "${glob}" must be an absolute glob (start with / or **)`);
    else config.forbiddenPaths.push({ glob, line: reader.line(item) ?? undefined });
  }
}

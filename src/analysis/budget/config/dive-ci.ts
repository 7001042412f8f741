/**
 * dive's `.dive-ci` file, read with dive's meaning and defaults (wagoodman/dive,
 * runtime/ci: lowestEfficiency 0.9, highestWastedBytes disabled, highestUserWastedPercent
 * 0.1; a rule fails when efficiency < lowestEfficiency, wasted bytes > highestWastedBytes,
 * user wasted percent > highestUserWastedPercent). Values are ratios and go-humanize byte
 * sizes, as dive reads them. Pure.
 */
import { isMap, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { BudgetConfig, ConfigProblem, Limit } from './config.js';
import { parsePercent, parseSize, type ParseResult } from './units.js';

const DIVE_RULES: Array<{
  key: string;
  id: string;
  parse: (raw: unknown) => ParseResult;
  fallback: number | 'disabled';
}> = [
  { key: 'lowestEfficiency', id: 'waste.minEfficiency', parse: parsePercent, fallback: 0.9 },
  { key: 'highestWastedBytes', id: 'waste.maxWastedBytes', parse: parseSize, fallback: 'disabled' },
  { key: 'highestUserWastedPercent', id: 'waste.maxUserWastedPercent', parse: parsePercent, fallback: 0.1 },
];

export function parseDiveCi(text: string, file: string): { config: BudgetConfig; problems: ConfigProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const problems: ConfigProblem[] = doc.errors.map((e) => ({
    line: e.linePos?.[0]?.line ?? null,
    column: e.linePos?.[0]?.col ?? null,
    message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
  }));
  const config: BudgetConfig = {
    file,
    format: 'dive-ci',
    rules: new Map(),
    paths: [],
    forbiddenPaths: [],
    packageBudgets: [],
    forbiddenPackages: [],
  };
  const rulesNode = isMap(doc.contents) ? (doc.contents.get('rules', true) as Node | undefined) : undefined;
  const given = new Map<string, Pair>();
  if (isMap(rulesNode))
    for (const pair of rulesNode.items) given.set(String((pair.key as Node & { toJSON(): unknown }).toJSON()), pair);
  for (const [key, pair] of given) {
    if (!DIVE_RULES.some((r) => r.key === key))
      problems.push({
        ...positionOf(lines, pair.key as Node),
        message: `rules.${key}: not a dive rule (dive has lowestEfficiency, highestWastedBytes, highestUserWastedPercent)`,
      });
  }
  for (const rule of DIVE_RULES) {
    const pair = given.get(rule.key);
    const raw = pair ? (pair.value as Node & { toJSON(): unknown })?.toJSON() : rule.fallback;
    const line = pair ? lineOf(lines, pair.key as Node) : undefined;
    if (raw === 'disabled') {
      config.rules.set(rule.id, { disabled: true, line });
      continue;
    }
    const parsed = rule.parse(typeof raw === 'number' ? raw : String(raw));
    if (parsed.ok) config.rules.set(rule.id, { fail: parsed.value, line } satisfies Limit);
    else
      problems.push({
        ...positionOf(lines, pair?.value as Node | undefined),
        line: line ?? null,
        message: `rules.${rule.key}: ${parsed.error}`,
      });
  }
  return { config, problems };
}

function positionOf(lines: LineCounter, node: Node | undefined): { line: number | null; column: number | null } {
  if (!node?.range) return { line: null, column: null };
  const pos = lines.linePos(node.range[0]);
  return { line: pos.line, column: pos.col };
}

function lineOf(lines: LineCounter, node: Node | undefined): number | undefined {
  return node?.range ? lines.linePos(node.range[0]).line : undefined;
}

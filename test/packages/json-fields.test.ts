// topLevelStrings agrees with JSON.parse on valid JSON, and refuses what is not an object up to its fields.
import { describe, expect, it } from 'vitest';
import { topLevelStrings } from '../../src/analysis/packages/json-fields.js';

/** A small seeded generator (mulberry32): the same documents every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  '',
  'a',
  'name',
  'version',
  'quote " inside',
  'back\\slash\\',
  '\\"',
  '}{][',
  'ünï',
  '\n\t\u0001',
  '1.0.0',
];

function value(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth > 3 || r < 0.4) return [1, -2.5e3, true, false, null, ...STRINGS][Math.floor(rnd() * 16)];
  if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(rnd, depth + 1));
  return object(rnd, depth + 1);
}

function object(rnd: () => number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(rnd() * 5); i > 0; i--) out[STRINGS[Math.floor(rnd() * STRINGS.length)]] = value(rnd, depth);
  return out;
}

describe('topLevelStrings', () => {
  it('reads the top-level name and version as JSON.parse does, for 2,000 generated documents', () => {
    const rnd = random(19);
    for (let n = 0; n < 2000; n++) {
      const doc = object(rnd, 0);
      const text = JSON.stringify(doc, null, rnd() < 0.5 ? 2 : undefined);
      const fields = topLevelStrings(text, ['name', 'version']);
      expect(fields).toBeDefined();
      for (const key of ['name', 'version']) {
        const v = doc[key];
        expect([text, key, fields!.get(key)]).toEqual([
          text,
          key,
          !(key in doc) ? undefined : typeof v === 'string' ? v : null,
        ]);
      }
    }
  });

  it('refuses text that is not a JSON object as far as its fields', () => {
    for (const text of [
      '',
      'null',
      '[1]',
      '"s"',
      '{',
      '{"name"',
      '{"name": ',
      '{"a": [1, 2}',
      '{"a": tru, "name": "x"}',
      '{"a" 1}',
      '['.repeat(10_000),
    ])
      expect([text.slice(0, 20), topLevelStrings(text, ['name'])]).toEqual([text.slice(0, 20), undefined]);
    expect(topLevelStrings('{"a": {"b": ["}", "\\""]}, "name": "x"}', ['name'])?.get('name')).toBe('x');
    expect(
      topLevelStrings(`{"deep": ${'['.repeat(50_000)}${']'.repeat(50_000)}, "name": "y"}`, ['name'])?.get('name'),
    ).toBe('y');
  });
});

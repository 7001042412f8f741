/** Mutations of JSON documents (manifest.json, configs, OCI indexes and manifests): one node replaced. */
import type { Random } from './random.js';

const DEEP = 100_000;

/** A marker replaced by deeply nested JSON when the document is written. */
export const DEEP_MARKER = '__fuzz_deep__';

const VALUES: Array<() => unknown> = [
  () => ({ toString: 1 }),
  () => null,
  () => -1,
  () => 1.5,
  () => 5e10,
  () => 1e12,
  () => 1e308,
  () => '',
  () => 'sha512:' + 'ab'.repeat(64),
  () => 'md5:d41d8cd98f00b204e9800998ecf8427e',
  () => 'sha256:' + '0'.repeat(64),
  () => '../../../../etc/passwd',
  () => '\u001b]0;title\u0007',
  () => [],
  () => ({}),
  () => true,
  () => DEEP_MARKER,
  () => 'x'.repeat(70_000),
];

/** Every path to a node of the document, as keys from the root. */
function nodePaths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => nodePaths(v, [...prefix, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) nodePaths(v, [...prefix, k], out);
  return out;
}

/** The document with one node changed: replaced, removed, or (arrays) repeated. */
export function mutateJson(doc: unknown, r: Random): { doc: unknown; what: string } {
  const copy = structuredClone(doc);
  const paths = nodePaths(copy).filter((p) => p.length > 0);
  if (paths.length === 0) return { doc: r.pick(VALUES)(), what: 'whole document' };
  const path = r.pick(paths);
  const parent = path.slice(0, -1).reduce((o: any, k) => o[k], copy) as any;
  const key = path[path.length - 1];
  const at = path.join('.');
  const op = r.int(10);
  if (op === 0 && Array.isArray(parent)) {
    const times = r.pick([2, 100, 10_000]);
    parent.splice(Number(key), 1, ...Array.from({ length: times }, () => parent[key as number]));
    return { doc: copy, what: `${at} repeated ${times} times` };
  }
  if (op === 1 && !Array.isArray(parent)) {
    delete parent[key];
    return { doc: copy, what: `${at} removed` };
  }
  const value = r.pick(VALUES)();
  parent[key] = value;
  return { doc: copy, what: `${at} = ${JSON.stringify(value)?.slice(0, 40)}` };
}

/** The document as bytes, with a deep-nesting marker expanded. */
export function jsonText(doc: unknown): Buffer {
  const text = JSON.stringify(doc);
  const marker = JSON.stringify(DEEP_MARKER);
  if (!text.includes(marker)) return Buffer.from(text);
  return Buffer.from(text.replace(marker, '['.repeat(DEEP) + ']'.repeat(DEEP)));
}

/**
 * Ordinary layer contents for the gzip estimate's accuracy tests, generated from a seed:
 * text like source code, random bytes like compressed binaries, executables-like bytes
 * (code with tables of zeros and strings), and trees of many small files.
 */
import type { EntrySpec } from '../fixtures/image-builder/index.js';

/** A small seeded generator (mulberry32): the same seed, the same bytes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'const let function return if else for while import export from require module exports ' +
  'value index length buffer string number object array push map filter reduce this self error throw ' +
  'try catch async await promise resolve reject options config path name size type data result'
).split(' ');

/** Source-code-like text: indented lines of identifiers, numbers and punctuation. */
export function textBytes(size: number, rand: () => number): Buffer {
  const lines: string[] = [];
  let length = 0;
  while (length < size) {
    const words = Array.from({ length: 2 + Math.floor(rand() * 8) }, () => WORDS[Math.floor(rand() * WORDS.length)]);
    const line = `${'  '.repeat(Math.floor(rand() * 4))}${words.join(rand() < 0.3 ? '.' : ' ')}${rand() < 0.2 ? ` = ${Math.floor(rand() * 100000)};` : '('}\n`;
    lines.push(line);
    length += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, size);
}

export function randomBytes(size: number, rand: () => number): Buffer {
  const out = Buffer.allocUnsafe(Math.ceil(size / 4) * 4);
  for (let i = 0; i < out.length; i += 4) out.writeUInt32LE(Math.floor(rand() * 4294967296), i);
  return out.subarray(0, size);
}

/** Executable-like bytes: runs of low-entropy code, zero padding and string tables. */
export function binaryBytes(size: number, rand: () => number): Buffer {
  const out = Buffer.alloc(size);
  for (let at = 0; at < size;) {
    const n = Math.min(size - at, 256 + Math.floor(rand() * 4096));
    const kind = rand();
    if (kind < 0.5) for (let i = 0; i < n; i++) out[at + i] = Math.floor(rand() * rand() * 64);
    else if (kind < 0.8) textBytes(n, rand).copy(out, at);
    // else: zeros
    at += n;
  }
  return out;
}

export function files(
  prefix: string,
  count: number,
  size: (i: number) => number,
  bytes: (n: number) => Buffer,
): EntrySpec[] {
  return Array.from({ length: count }, (_, i) => ({
    type: 'file' as const,
    path: `${prefix}/${i}.dat`,
    content: bytes(size(i)),
  }));
}

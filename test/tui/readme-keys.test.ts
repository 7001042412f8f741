/** README's explore keys table is the key table (src/tui/state/keys.ts): every binding, its keys and what it does, in order. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BINDINGS, keysMarkdown } from '../../src/tui/state/keys.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The rows of the table between README's explore-keys markers, as [keys, what it does]. */
function readmeKeys(): Array<{ keys: string[]; help: string }> {
  const start = README.indexOf('<!-- explore-keys');
  const end = README.indexOf('<!-- /explore-keys -->');
  expect(start, 'README has the explore-keys markers').toBeGreaterThan(0);
  const rows = README.slice(README.indexOf('\n', start) + 1, end)
    .trim()
    .split('\n')
    .slice(2);
  return rows.map((row) => {
    const cells = row
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
    expect(cells, `a row of two cells: ${row}`).toHaveLength(2);
    return { keys: [...cells[0].matchAll(/`([^`]+)`/g)].map((m) => m[1]), help: cells[1].replace(/\\\|/g, '|') };
  });
}

describe('README keys table', () => {
  it('lists every binding of the key table, with its keys and help, in table order', () => {
    expect(readmeKeys()).toEqual(BINDINGS.map((b) => ({ keys: b.label.split(' '), help: b.help })));
  });

  it('is exactly what keysMarkdown() writes (paste its output between the markers to update)', () => {
    const start = README.indexOf('<!-- explore-keys');
    const block = README.slice(README.indexOf('\n', start) + 1, README.indexOf('<!-- /explore-keys -->')).trim();
    expect(block).toBe(keysMarkdown());
  });
});

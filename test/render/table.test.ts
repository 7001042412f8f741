/**
 * The plain table layout: the same text cli-table3 (its former implementation, kept as the
 * oracle) gives for the same cells, and linear in rows (a history of 100,000 steps).
 */
import Table from 'cli-table3';
import { describe, expect, it } from 'vitest';
import { plainTable, tableText, type Align } from '../../src/render/common/plain-table.js';

const CHARS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

function oracle(head: string[], aligns: Align[], rows: string[][]): string {
  const t = new Table({
    head,
    chars: CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colAligns: aligns,
  });
  t.push(...rows);
  return t.toString().replace(/[ \t]+$/gm, '');
}

const bold = (s: string) => `\u001b[1m${s}\u001b[22m`;

describe('plain tables', () => {
  it('lays out cells as cli-table3 did: alignment, escape sequences, wide characters, line breaks', () => {
    const head = ['#', 'SIZE', 'CREATED BY'].map(bold);
    const aligns: Align[] = ['right', 'right', 'left'];
    const rows = [
      ['1', '1.2 MB', 'RUN apt-get install -y curl'],
      ['', bold('0 B'), 'ENV 日本語=テスト'],
      ['12', '3 kB', 'COPY a\nb /dst'],
      ['total', bold('1.3 MB'), ''],
    ];
    const table = plainTable(head, aligns);
    table.push(...rows);
    expect(tableText(table)).toBe(oracle(head, aligns, rows));
  });

  it('renders 100,000 rows in linear time', () => {
    const table = plainTable(['#', 'SIZE', 'CREATED BY'], ['right', 'right', 'left']);
    for (let i = 0; i < 100_000; i++) table.push([String(i + 1), '12 B', `RUN echo ${i}`]);
    const started = Date.now();
    const text = tableText(table);
    expect(text.split('\n')).toHaveLength(100_001);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

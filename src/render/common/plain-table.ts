/**
 * Tables the one way layerscope prints them: no box, columns two spaces apart, aligned left
 * or right. Laid out in one pass over the cells (linear in rows: a history of 100,000 steps
 * renders in well under a second, where cli-table3 took 15 s for 5,000), with the output
 * cli-table3 gives for the same settings (test/render/table.test.ts holds it to that): widths
 * in terminal cells (cells.ts), a cell with line breaks spanning lines, the last column
 * padded like the others.
 */
import { cellWidth } from './cells.js';

export type Align = 'left' | 'right';

export class PlainTable {
  private readonly rows: string[][] = [];

  constructor(
    private readonly head: string[],
    private readonly aligns: Align[],
  ) {}

  push(...rows: string[][]): void {
    for (const row of rows) this.rows.push(row);
  }

  get length(): number {
    return this.rows.length;
  }

  toString(): string {
    const all = [this.head, ...this.rows].map((row) => row.map((cell) => String(cell ?? '').split('\n')));
    const widths: number[] = [];
    for (const row of all) row.forEach((lines, i) => (widths[i] = Math.max(widths[i] ?? 0, ...lines.map(cellWidth))));
    const out: string[] = [];
    for (const row of all) {
      const height = Math.max(1, ...row.map((lines) => lines.length));
      for (let line = 0; line < height; line++) {
        out.push(widths.map((w, i) => pad(row[i]?.[line] ?? '', w, this.aligns[i] ?? 'left')).join('  '));
      }
    }
    return out.join('\n');
  }
}

export function plainTable(head: string[], aligns: Align[]): PlainTable {
  return new PlainTable(head, aligns);
}

/** The table as text, without the trailing blanks of the last column. */
export function tableText(table: PlainTable): string {
  return table.toString().replace(/[ \t]+$/gm, '');
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - cellWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

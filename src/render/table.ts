/** cli-table3 set up the one way layerscope prints tables: no box, aligned columns. */
import Table from 'cli-table3';

const PLAIN_CHARS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
};

export type Align = 'left' | 'right';

export function plainTable(head: string[], aligns: Align[]): Table.Table {
  return new Table({
    head,
    chars: PLAIN_CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colAligns: aligns,
  });
}

/** Width of the widest cell of each column (plain text), for fitting a last column. */
export function columnWidths(rows: string[][]): number[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return widths;
}

/** The table as text, without the trailing blanks cli-table3 pads the last column with. */
export function tableText(table: Table.Table): string {
  return table.toString().replace(/[ \t]+$/gm, '');
}

/**
 * The files pane: the tree of the selected layer, only the rows that fit on screen. Each row
 * shows its change mark (+ added, ~ modified, - removed), the name, and for a directory the
 * bytes and inodes of everything below it; with `i`, each entry's mode and uid:gid first.
 */
import { Text } from 'ink';
import { modeString, ownerString } from '../../render/common/file-mode.js';
import { formatBytes, formatCount } from '../../render/common/format.js';
import { fit, right, STATUS_MARK, type PaneProps, type Theme } from '../app/layout.js';
import { Pane } from './Pane.js';
import { fileRow, type FileRow } from '../state/tree-model.js';
import type { FileRows } from '../state/file-rows.js';

export interface FilesPaneProps extends PaneProps {
  files: FileRows | null;
  /** Shown instead of the tree while there is none (scanning, nothing matches). */
  placeholder: string;
  cursor: number;
  /** Show each entry's mode and uid:gid before its name (`i`). */
  attributes?: boolean;
}

const NUMBERS = 9 + 9;
/** cursor, mark, space, arrow (2) and the numbers */
const ROW_FIXED = 3 + 2 + NUMBERS;
const MIN_NAME = 12;
/** `-rwxr-xr-x` and a uid:gid column, a space after each. */
const MODE = 10;
const OWNER = 11;
const ATTRIBUTES = MODE + 1 + OWNER + 1;

export function FilesPane({ files, placeholder, cursor, attributes = false, ...frame }: FilesPaneProps) {
  const { scroll, rows, width, focused, theme } = frame;
  const count = files?.rows.count ?? 0;
  const first = Math.max(0, Math.min(scroll, count - rows));
  const shown: FileRow[] = [];
  for (let i = first; i < Math.min(count, first + rows); i++)
    shown.push(fileRow(files!.view, files!.rows, files!.visible, i));
  const position = count > rows ? `${formatCount(cursor + 1)}/${formatCount(count)}` : '';
  return (
    <Pane
      frame={frame}
      name="Files"
      position={position}
      right={`${right('SIZE', 9)}${right('INODES', 9)}`}
      used={shown.length + (count === 0 ? 1 : 0)}
    >
      {count === 0 ? <Text dimColor wrap="truncate">{`  ${placeholder}`}</Text> : null}
      {shown.map((row, i) => (
        <FileLine
          key={row.path}
          row={row}
          selected={first + i === cursor}
          focused={focused}
          width={width}
          theme={theme}
          attributes={attributes}
        />
      ))}
    </Pane>
  );
}

function FileLine({
  row,
  selected,
  focused,
  width,
  theme,
  attributes,
}: {
  row: FileRow;
  selected: boolean;
  focused: boolean;
  width: number;
  theme: Theme;
  attributes: boolean;
}) {
  const arrow = row.expandable ? (row.open ? '▾ ' : '▸ ') : '  ';
  const name = row.dir ? `${row.name}/` : row.linkTarget ? `${row.name} → ${row.linkTarget}` : row.name;
  // Deep rows indent less rather than push the numbers off the line.
  const fixed = ROW_FIXED + (attributes ? ATTRIBUTES : 0);
  const indent = Math.min(row.depth * 2, Math.max(0, width - fixed - MIN_NAME));
  const nameWidth = Math.max(1, width - fixed - indent);
  const color = theme.status[row.status];
  const numbers =
    row.dir || row.type === 'file' || row.type === 'hardlink'
      ? `${right(formatBytes(row.bytes), 9)}${right(formatCount(row.inodes), 9)}`
      : `${right('', 9)}${right(formatCount(row.inodes), 9)}`;
  return (
    <Text wrap="truncate" inverse={selected && focused}>
      <Text color={selected ? theme.accent : undefined}>{selected ? '›' : ' '}</Text>
      <Text color={color} bold={row.status !== 'unmodified' && row.status !== 'implied'}>
        {STATUS_MARK[row.status]}
      </Text>{' '}
      {attributes ? <Text dimColor={!row.attributes}>{attributeCells(row)}</Text> : null}
      {' '.repeat(indent)}
      {arrow}
      <Text color={color} dimColor={row.status === 'implied'} strikethrough={row.status === 'removed' && theme.color}>
        {fit(name, nameWidth)}
      </Text>
      {numbers}
    </Text>
  );
}

/** `-rw-r--r-- 1000:1000  ` (blank for removed and implied entries), ATTRIBUTES wide. */
function attributeCells(row: FileRow): string {
  const a = row.attributes;
  if (!a) return ' '.repeat(ATTRIBUTES);
  return `${fit(modeString(row.type, a.mode), MODE)} ${right(ownerString(a.uid, a.gid), OWNER)} `;
}

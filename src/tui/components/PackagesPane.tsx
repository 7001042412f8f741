/**
 * `P`: the packages pane, over the panes. Every package found in the final file system
 * (npm, deb, apk, Python) with its size, inodes and the layer that added it; the selected
 * package's place, the command of that layer and the later layers that changed it sit under
 * the list; enter shows its files (the merged tree at that layer, its directory open).
 */
import { Box, Text } from 'ink';
import type { PackageReport } from '../../analysis/packages/package-model.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';
import { countOf, formatBytes, formatCount } from '../../render/common/format.js';
import { fit, right, type Theme } from '../app/layout.js';
import { visible } from '../../render/common/safe-text.js';
import { PACKAGE_SORTS, type PackagesState } from '../state/overlay-keys.js';
import type { LayerInfo } from '../state/layer-rows.js';
import type { PackageRow } from '../state/package-rows.js';
import { PaneTitle } from './PaneTitle.js';

export interface PackagesPaneProps {
  /** null while the image is being analysed. */
  report: PackageReport | null;
  layers: LayerInfo[];
  packages: PackagesState;
  rows: PackageRow[];
  /** Rows the list has room for. */
  page: number;
  width: number;
  theme: Theme;
}

interface Columns {
  eco: number;
  name: number;
  version: number;
  /** 0: no PATH column (the path is on the line under the list). */
  path: number;
}

/** SIZE, INODES, LAYER and the spaces between the columns, the cursor mark included. */
const FIXED = 2 + 1 + 1 + 1 + 9 + 1 + 6 + 1 + 5;

/** The columns for a width: NAME and VERSION as wide as their longest (within limits), PATH when 12 columns are left. */
function columnsFor(width: number, rows: PackageRow[]): Columns {
  const eco = width >= 100 ? 9 : 6;
  const longest = (f: (r: PackageRow) => string, min: number, max: number) =>
    Math.min(
      max,
      rows.reduce((n, r) => Math.max(n, f(r).length), min),
    );
  const version = longest((r) => r.item.version, 7, 12);
  const free = width - FIXED - eco;
  const name = longest((r) => r.item.name, 4, 30);
  if (free - name - version - 2 >= 12) return { eco, name, version, path: free - name - version - 2 };
  return { eco, name: Math.max(4, free - version), version, path: 0 };
}

function line(
  c: Columns,
  eco: string,
  name: string,
  version: string,
  size: string,
  inodes: string,
  layer: string,
  path: string,
) {
  const head = `${fit(eco, c.eco)} ${fit(name, c.name)} ${fit(version, c.version)} ${right(size, 9)} ${right(inodes, 6)} ${right(layer, 5)}`;
  return c.path > 0 ? `${head}  ${tail(path, c.path)}` : head;
}

/** A path cut at its start (…node_modules/a/node_modules/b): its end tells packages apart. */
function tail(raw: string, width: number): string {
  const text = visible(raw);
  return text.length > width ? `…${text.slice(text.length - width + 1)}` : text.padEnd(width);
}

export function PackagesPane({ report, layers, packages, rows, page, width, theme }: PackagesPaneProps) {
  const c = columnsFor(width, rows);
  const first = Math.max(0, Math.min(packages.scroll, rows.length - page));
  const shown = rows.slice(first, first + page);
  const position = rows.length > page ? `${formatCount(packages.cursor + 1)}/${formatCount(rows.length)}` : '';
  const selected = rows[packages.cursor];
  const empty = report ? 'no packages found' : 'packages not read yet: the image is being analysed';
  return (
    <Box flexDirection="column" width={width}>
      <PaneTitle
        title="Packages"
        detail={report ? `by ${PACKAGE_SORTS[packages.sort]} · ${summary(report, width)}` : 'packages not read yet'}
        position={position}
        focused
        width={width}
        theme={theme}
      />
      <Text bold wrap="truncate">
        {fit(
          `  ${line(c, c.eco < 9 ? 'ECO' : 'ECOSYSTEM', 'NAME', 'VERSION', 'SIZE', 'INODES', 'LAYER', 'PATH')}`,
          width,
        )}
      </Text>
      {rows.length === 0 ? (
        <Text dimColor wrap="truncate">
          {fit(`  ${empty}`, width)}
        </Text>
      ) : null}
      {shown.map((row, i) => (
        <Text key={`${row.path}:${first + i}`} wrap="truncate" inverse={first + i === packages.cursor}>
          <Text color={first + i === packages.cursor ? theme.accent : undefined}>
            {first + i === packages.cursor ? '› ' : '  '}
          </Text>
          {fit(cells(c, row), width - 2)}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, page - shown.length - (rows.length === 0 ? 1 : 0)) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      <Text wrap="truncate" color={theme.accent}>
        {fit(selected ? place(selected, layers) : '', width)}
      </Text>
      <Text wrap="truncate" dimColor>
        {fit('enter: its files · s sort · P esc close', width)}
      </Text>
    </Box>
  );
}

/** The totals: packages, bytes and, from 80 columns, inodes. */
function summary(r: PackageReport, width: number): string {
  const bytes = r.totals.reduce((n, t) => n + t.bytes, 0);
  const inodes = r.totals.reduce((n, t) => n + t.inodes, 0);
  const n = r.packages.length;
  const count = `${formatCount(n)} ${n === 1 ? 'package' : 'packages'} · ${formatBytes(bytes)}`;
  return width >= 80 ? `${count} / ${countOf(inodes, 'inode')}` : count;
}

function cells(c: Columns, { item }: PackageRow): string {
  return line(
    c,
    item.ecosystem,
    item.name,
    item.version || '?',
    formatBytes(item.bytes),
    formatCount(item.inodes),
    String(item.addedIn),
    item.path,
  );
}

/** The selected package: where it is, the command that added it, the layers that changed it since. */
function place({ item }: PackageRow, layers: LayerInfo[]): string {
  const cmd = cleanCreatedBy(layers[item.addedIn - 1]?.createdBy ?? '') || '(no history entry)';
  const changed = item.changedIn.length > 0 ? ` · changed by layer ${item.changedIn.join(',')}` : '';
  return `${item.path}${item.dev ? ' (dev)' : ''} · added by layer ${item.addedIn} ${cmd}${changed}`;
}

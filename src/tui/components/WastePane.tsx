/**
 * `w`: the waste pane, over the panes. dive's inefficient files (copies, bytes over every
 * copy, the layers that wrote or deleted the path) or, after another `w`, layerscope's dead
 * entries with their blame (the layer that wrote each, the layer that made it dead, why).
 * The selected row's commands sit under the list; enter jumps to the file in its layer.
 */
import { Box, Text } from 'ink';
import type { LayerInfo } from '../state/layer-rows.js';
import { countOf, formatBytes, formatCount, formatPercent } from '../../render/common/format.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';
import type { ExploreAnalysis } from '../feed/explore-analysis.js';
import { fit, right, type Theme } from '../app/layout.js';
import { WASTE_SORTS, type WasteState } from '../state/overlay-keys.js';
import { PaneTitle } from './PaneTitle.js';
import type { WasteRow } from '../state/waste-rows.js';

export interface WastePaneProps {
  analysis: ExploreAnalysis;
  layers: LayerInfo[];
  waste: WasteState;
  rows: WasteRow[];
  /** Rows the list has room for. */
  page: number;
  width: number;
  theme: Theme;
}

const HEAD = {
  inefficient: `${right('COPIES', 6)} ${right('WASTED', 9)}  ${fit('LAYERS', 12)}  `,
  reclaimable: `${right('SIZE', 9)} ${right('WRITTEN', 7)} ${right('DEAD BY', 7)}  ${fit('WHY', 11)} `,
};

export function WastePane({ analysis, layers, waste, rows, page, width, theme }: WastePaneProps) {
  const first = Math.max(0, Math.min(waste.scroll, rows.length - page));
  const shown = rows.slice(first, first + page);
  const position = rows.length > page ? `${formatCount(waste.cursor + 1)}/${formatCount(rows.length)}` : '';
  const head = `  ${HEAD[waste.list]}`;
  const selected = rows[waste.cursor];
  return (
    <Box flexDirection="column" width={width}>
      <PaneTitle
        title="Waste"
        detail={`by ${WASTE_SORTS[waste.list][waste.sort]} · ${summary(analysis, waste)}`}
        position={position}
        focused
        width={width}
        theme={theme}
      />
      <Text bold wrap="truncate">
        {fit(`${head}PATH`, width)}
      </Text>
      {rows.length === 0 ? (
        <Text
          dimColor
          wrap="truncate"
        >{`  ${waste.list === 'inefficient' ? 'no path is written by two layers' : 'nothing is reclaimable: every entry shipped is seen'}`}</Text>
      ) : null}
      {shown.map((row, i) => (
        <Text key={`${row.path}:${row.layer}:${first + i}`} wrap="truncate" inverse={first + i === waste.cursor}>
          <Text color={first + i === waste.cursor ? theme.accent : undefined}>
            {first + i === waste.cursor ? '› ' : '  '}
          </Text>
          {cells(row)}
          {fit(row.path, Math.max(1, width - head.length))}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, page - shown.length - (rows.length === 0 ? 1 : 0)) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
      <Text wrap="truncate" color={theme.status.removed}>
        {fit(selected ? blame(selected, layers) : '', width)}
      </Text>
      <Text wrap="truncate" dimColor>
        {fit(
          `enter: the file in its layer · s sort · w ${waste.list === 'inefficient' ? 'reclaimable' : 'dive'} list · esc close`,
          width,
        )}
      </Text>
    </Box>
  );
}

function summary(a: ExploreAnalysis, w: WasteState): string {
  if (w.list === 'inefficient')
    return `dive's inefficient files: ${formatCount(a.dive.inefficientPaths)} · wasted ${formatBytes(a.dive.wastedBytes)} · efficiency ${formatPercent(a.dive.efficiency)}`;
  const r = a.reclaimable;
  return `reclaimable ${formatBytes(r.bytes)} / ${countOf(r.inodes, 'inode')}`;
}

function cells(row: WasteRow): string {
  if (row.kind === 'inefficient')
    return `${right(formatCount(row.item.count), 6)} ${right(formatBytes(row.item.cumulativeBytes), 9)}  ${fit(row.item.layers.join(','), 12)}  `;
  const d = row.item;
  return `${right(formatBytes(d.bytes), 9)} ${right(String(d.writtenBy), 7)} ${right(String(d.madeDeadBy), 7)}  ${fit(d.reason, 11)} `;
}

/** The commands behind the selected row. */
function blame(row: WasteRow, layers: LayerInfo[]): string {
  const cmd = (n: number) => cleanCreatedBy(layers[n - 1]?.createdBy ?? '') || '(no history entry)';
  if (row.kind === 'inefficient')
    return `layer ${row.item.layers[0]} ${cmd(row.item.layers[0])} · last: layer ${row.item.layers.at(-1)} ${cmd(row.item.layers.at(-1)!)}`;
  return `written by layer ${row.item.writtenBy} ${cmd(row.item.writtenBy)} · ${row.item.reason} by layer ${row.item.madeDeadBy} ${cmd(row.item.madeDeadBy)}`;
}

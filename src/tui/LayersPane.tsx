/** The layers pane: one row per layer with its numbers, a bar of its share, and scan progress. */
import { Box, Text } from 'ink';
import { cleanCreatedBy, formatBytes, formatCount } from '../render/format.js';
import type { LayerInfo } from './image-feed.js';
import { fit, right, shareBar, type Theme } from './layout.js';
import { PaneTitle } from './PaneTitle.js';

export interface LayersPaneProps {
  layers: LayerInfo[];
  selected: number;
  scroll: number;
  rows: number;
  width: number;
  focused: boolean;
  theme: Theme;
  title: string;
}

const BAR = 8;
/** cursor 2, # 3, size 9, compressed 9, files 8, inodes 8, share 1+BAR, gaps */
const FIXED = 2 + 3 + 9 + 9 + 8 + 8 + 1 + BAR + 1;

export function LayersPane({ layers, selected, scroll, rows, width, focused, theme, title }: LayersPaneProps) {
  const total = layers.reduce((a, l) => a + (l.size ?? l.blobSize ?? 0), 0);
  const shown = layers.slice(scroll, scroll + rows);
  const cmdWidth = Math.max(8, width - FIXED);
  return (
    <Box flexDirection="column" width={width}>
      <PaneTitle title="Layers" detail={title} focused={focused} width={width} theme={theme} />
      <Text bold wrap="truncate">{`  ${right('#', 3)}${right('SIZE', 9)}${right('COMPR', 9)}${right('FILES', 8)}${right('INODES', 8)} ${fit('SHARE', BAR)} ${fit('CREATED BY', cmdWidth)}`}</Text>
      {shown.map((l, i) => (
        <LayerRow key={l.index} layer={l} total={total} selected={scroll + i === selected} focused={focused} cmdWidth={cmdWidth} theme={theme} />
      ))}
      {Array.from({ length: rows - shown.length }, (_, i) => <Text key={`pad${i}`}> </Text>)}
    </Box>
  );
}

function LayerRow({ layer: l, total, selected, focused, cmdWidth, theme }: { layer: LayerInfo; total: number; selected: boolean; focused: boolean; cmdWidth: number; theme: Theme }) {
  const numbers = `${right(String(l.index + 1), 3)}${right(formatBytes(l.size), 9)}${right(formatBytes(l.compressed), 9)}${right(formatCount(l.files), 8)}${right(formatCount(l.inodes), 8)} `;
  return (
    <Text wrap="truncate" inverse={selected && focused}>
      <Text color={selected ? theme.accent : undefined}>{selected ? '› ' : '  '}</Text>
      {numbers}
      <LayerShare layer={l} total={total} theme={theme} />
      {' '}
      {fit(cleanCreatedBy(l.createdBy), cmdWidth)}
    </Text>
  );
}

/** Done: a bar of the layer's share of the image. Scanning: how much of its blob is read. */
function LayerShare({ layer: l, total, theme }: { layer: LayerInfo; total: number; theme: Theme }) {
  if (l.status === 'done') return <Text color={theme.bar}>{shareBar(total > 0 ? (l.size ?? 0) / total : 0, BAR)}</Text>;
  if (l.status === 'queued') return <Text dimColor>{fit('queued', BAR)}</Text>;
  const text = l.blobSize ? `read ${Math.min(99, Math.floor((l.bytesRead / l.blobSize) * 100))}%` : formatBytes(l.bytesRead);
  return <Text color={theme.progress}>{fit(text, BAR)}</Text>;
}

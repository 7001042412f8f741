/** The layers pane: one row per layer with its numbers, a bar of its share, and scan progress. */
import { Box, Text } from 'ink';
import { formatCount } from '../../render/common/format.js';
import type { LayerInfo } from '../state/layer-rows.js';
import { createdByText, layerNumbers, layersHeader, layerShare, layersTotal } from '../state/layers-text.js';
import type { PaneProps } from '../app/layout.js';
import { PaneTitle } from './PaneTitle.js';

export interface LayersPaneProps extends PaneProps {
  layers: LayerInfo[];
  selected: number;
}

export function LayersPane({ layers, selected, scroll, rows, width, focused, theme, title }: LayersPaneProps) {
  const total = layersTotal(layers);
  const shown = layers.slice(scroll, scroll + rows);
  return (
    <Box flexDirection="column" width={width}>
      <PaneTitle
        title="Layers"
        detail={title}
        position={layers.length > rows ? `${formatCount(selected + 1)}/${formatCount(layers.length)}` : ''}
        focused={focused}
        width={width}
        theme={theme}
      />
      <Text bold wrap="truncate">
        {layersHeader(width)}
      </Text>
      {shown.map((l, i) => {
        const isSelected = scroll + i === selected;
        const shareColour =
          l.status === 'done'
            ? theme.bar
            : l.status === 'reading'
              ? theme.progress
              : l.status === 'error'
                ? theme.error
                : undefined;
        return (
          <Text key={l.index} wrap="truncate" inverse={isSelected && focused}>
            <Text color={isSelected ? theme.accent : undefined}>{isSelected ? '› ' : '  '}</Text>
            {layerNumbers(l, width)}
            <Text color={shareColour} dimColor={l.status === 'queued'}>
              {layerShare(l, total, width)}
            </Text>
            <Text color={l.status === 'error' ? theme.error : undefined}>{createdByText(l, width)}</Text>
          </Text>
        );
      })}
      {Array.from({ length: rows - shown.length }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
    </Box>
  );
}

/** The layers pane: one row per layer with its numbers, a bar of its share, and scan progress. */
import { Text } from 'ink';
import { formatCount } from '../../render/common/format.js';
import type { LayerInfo } from '../state/layer-rows.js';
import { createdByText, layerNumbers, layersHeader, layerShare, layersTotal } from '../state/layers-text.js';
import type { PaneProps } from '../app/layout.js';
import { Pane } from './Pane.js';

export interface LayersPaneProps extends PaneProps {
  layers: LayerInfo[];
  selected: number;
}

export function LayersPane({ layers, selected, ...frame }: LayersPaneProps) {
  const { scroll, rows, width, focused, theme } = frame;
  const total = layersTotal(layers);
  const shown = layers.slice(scroll, scroll + rows);
  return (
    <Pane
      frame={frame}
      name="Layers"
      position={layers.length > rows ? `${formatCount(selected + 1)}/${formatCount(layers.length)}` : ''}
      used={shown.length}
    >
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
    </Pane>
  );
}

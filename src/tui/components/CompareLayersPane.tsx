/** The layers of A and B side by side, one row per step: shared layers plain, new ones marked. */
import { Box, Text } from 'ink';
import type { StepRow } from '../feed/compare-feed.js';
import { stepCells, stepsHeader } from '../state/layers-text.js';
import type { PaneProps } from '../app/layout.js';
import { PaneTitle } from './PaneTitle.js';

export interface CompareLayersPaneProps extends PaneProps {
  steps: StepRow[];
  names: { a: string; b: string };
  selected: number;
}

export function CompareLayersPane({
  steps,
  names,
  selected,
  scroll,
  rows,
  width,
  focused,
  theme,
  title,
}: CompareLayersPaneProps) {
  const shown = steps.slice(scroll, scroll + rows);
  return (
    <Box flexDirection="column" width={width}>
      <PaneTitle title="Steps" detail={title} focused={focused} width={width} theme={theme} />
      <Text bold wrap="truncate">
        {stepsHeader(names, width)}
      </Text>
      {shown.map((s, i) => {
        const index = scroll + i;
        const isSelected = index === selected;
        const colour = s.statusB === 'shared' ? theme.shared : s.statusB ? theme.fresh : undefined;
        const c = stepCells(index, s.a, s.b, s.statusB, width);
        return (
          <Text key={index} wrap="truncate" inverse={isSelected && focused}>
            <Text color={isSelected ? theme.accent : undefined}>{isSelected ? '› ' : '  '}</Text>
            {c.number}
            <Text dimColor={s.statusA === 'shared'}>{c.a}</Text>
            {'│ '}
            <Text color={colour}>{c.mark}</Text>
            {c.b}
          </Text>
        );
      })}
      {Array.from({ length: rows - shown.length }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
    </Box>
  );
}

/** The layers of A and B side by side, one row per step: shared layers plain, new ones marked. */
import { Box, Text } from 'ink';
import type { StepRow } from './compare-feed.js';
import { STEP_MARK, stepHalf, stepSide, stepsHeader } from './layers-text.js';
import { fit, right, type PaneProps, type Theme } from './layout.js';
import { PaneTitle } from './PaneTitle.js';

export interface CompareLayersPaneProps extends PaneProps {
  steps: StepRow[];
  names: { a: string; b: string };
  selected: number;
}

export function CompareLayersPane({ steps, names, selected, scroll, rows, width, focused, theme, title }: CompareLayersPaneProps) {
  const half = stepHalf(width);
  const shown = steps.slice(scroll, scroll + rows);
  return (
    <Box flexDirection="column" width={width}>
      <PaneTitle title="Steps" detail={title} focused={focused} width={width} theme={theme} />
      <Text bold wrap="truncate">{stepsHeader(names, width)}</Text>
      {shown.map((s, i) => {
        const index = scroll + i;
        const isSelected = index === selected;
        const colour = s.statusB === 'shared' ? theme.shared : s.statusB ? theme.fresh : undefined;
        return (
          <Text key={index} wrap="truncate" inverse={isSelected && focused}>
            <Text color={isSelected ? theme.accent : undefined}>{isSelected ? '› ' : '  '}</Text>
            {`${right(String(index + 1), 3)} `}
            <Text dimColor={s.statusA === 'shared'}>{stepSide(s.a, half - 1)}</Text>
            {'│ '}
            <Text color={colour}>{fit(s.statusB ? STEP_MARK[s.statusB] : '', 7)}</Text>
            {stepSide(s.b, half - 9)}
          </Text>
        );
      })}
      {Array.from({ length: rows - shown.length }, (_, i) => <Text key={`pad${i}`}> </Text>)}
    </Box>
  );
}


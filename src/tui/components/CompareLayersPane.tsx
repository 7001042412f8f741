/** The layers of A and B side by side, one row per step: shared layers plain, new ones marked. */
import { Text } from 'ink';
import type { StepRow } from '../feed/compare-feed.js';
import { stepCells, stepsHeader } from '../state/layers-text.js';
import type { PaneProps } from '../app/layout.js';
import { Pane } from './Pane.js';

export interface CompareLayersPaneProps extends PaneProps {
  steps: StepRow[];
  names: { a: string; b: string };
  selected: number;
}

export function CompareLayersPane({ steps, names, selected, ...frame }: CompareLayersPaneProps) {
  const { scroll, width, focused, theme } = frame;
  const shown = steps.slice(scroll, scroll + frame.rows);
  return (
    <Pane frame={frame} name="Steps" used={shown.length}>
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
    </Pane>
  );
}

/** The details pane: image summary and the selected layer's waste and hints, scrollable. */
import { Box, Text } from 'ink';
import { formatCount } from '../../render/common/format.js';
import type { Line, Tone } from '../state/details-model.js';
import type { Theme } from '../app/layout.js';
import { PaneTitle } from './PaneTitle.js';

export interface DetailsPaneProps {
  /** Already wrapped to the width. */
  lines: Line[];
  scroll: number;
  rows: number;
  width: number;
  focused: boolean;
  theme: Theme;
  /** The pane's name and what it shows (the path history overlay draws its lines with this pane). */
  title?: string;
  detail?: string;
}

export function DetailsPane({
  lines,
  scroll,
  rows,
  width,
  focused,
  theme,
  title = 'Details',
  detail = '',
}: DetailsPaneProps) {
  const first = Math.max(0, Math.min(scroll, lines.length - rows));
  const shown = lines.slice(first, first + rows);
  const more =
    lines.length > rows
      ? `${formatCount(first + 1)}–${formatCount(first + shown.length)}/${formatCount(lines.length)} lines`
      : '';
  return (
    <Box flexDirection="column" width={width}>
      <PaneTitle title={title} detail={detail} position={more} focused={focused} width={width} theme={theme} />
      {shown.map((line, i) => (
        <Text key={first + i} wrap="truncate">
          {line.map((seg, j) => (
            <Segment key={j} text={seg.text} tone={seg.tone} theme={theme} />
          ))}
        </Text>
      ))}
      {Array.from({ length: rows - shown.length }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
    </Box>
  );
}

function Segment({ text, tone, theme }: { text: string; tone?: Tone; theme: Theme }) {
  switch (tone) {
    case 'label':
      return <Text bold>{text}</Text>;
    case 'dim':
      return <Text dimColor>{text}</Text>;
    case 'error':
    case 'removed':
      return <Text color={theme.error}>{text}</Text>;
    case 'added':
      return <Text color={theme.status.added}>{text}</Text>;
    case 'accent':
      return <Text color={theme.accent}>{text}</Text>;
    default:
      return <Text>{text}</Text>;
  }
}

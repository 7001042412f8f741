/** `?`: every key from the key table, with what it does, and what the marks and views mean; scrolls where it does not fit. */
import { Box, Text } from 'ink';
import { formatCount } from '../../render/common/format.js';
import { HELP_LABEL, helpColumnWidth, helpLines } from '../state/help-lines.js';
import { fit, type Theme } from '../app/layout.js';
import { PaneTitle } from './PaneTitle.js';

export function HelpOverlay({
  rows,
  width,
  scroll,
  theme,
}: {
  rows: number;
  width: number;
  scroll: number;
  theme: Theme;
}) {
  const lines = helpLines(width);
  const page = Math.max(1, rows - 1);
  const first = Math.max(0, Math.min(scroll, lines.length - page));
  const shown = lines.slice(first, first + page);
  const colWidth = helpColumnWidth(width);
  const position =
    lines.length > page
      ? `${formatCount(first + 1)}–${formatCount(first + shown.length)}/${formatCount(lines.length)}`
      : '';
  return (
    <Box flexDirection="column" width={width} height={rows}>
      <PaneTitle
        title="Keys"
        detail={position ? '↑↓ scroll · ? esc q close' : '? esc q close'}
        position={position}
        focused
        width={width}
        theme={theme}
      />
      {shown.map((line, i) =>
        line.cells ? (
          <Text key={first + i} wrap="truncate">
            {line.cells.map((b) => (
              <Text key={b.command}>
                <Text bold color={theme.accent}>
                  {fit(b.label, HELP_LABEL)}
                </Text>
                {fit(b.help, colWidth - HELP_LABEL)}
              </Text>
            ))}
          </Text>
        ) : (
          <Text key={first + i} dimColor wrap="truncate">
            {line.note || ' '}
          </Text>
        ),
      )}
    </Box>
  );
}

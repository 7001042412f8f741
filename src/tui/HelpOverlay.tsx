/** `?`: every key from the key table, with what it does, and what the marks and views mean. */
import { Box, Text } from 'ink';
import { BINDINGS } from './keys.js';
import { fit, type Theme } from './layout.js';
import { PaneTitle } from './PaneTitle.js';

const LABEL = 12;

export const HELP_NOTES = [
  'Marks: + added  ~ modified  - removed  (no mark: unmodified). Directories show the bytes',
  'and inodes of everything below them. v: the changes the layer itself made, or the file',
  'system merged up to it. / takes a regular expression: enter keeps it, esc clears it.',
];

export function HelpOverlay({ rows, width, theme }: { rows: number; width: number; theme: Theme }) {
  const columns = BINDINGS.length + HELP_NOTES.length + 1 <= rows ? 1 : 2;
  const perColumn = Math.ceil(BINDINGS.length / columns);
  const colWidth = Math.floor(width / columns);
  return (
    <Box flexDirection="column" width={width} height={rows}>
      <PaneTitle title="Keys" detail="? or esc closes" focused width={width} theme={theme} />
      <Box flexDirection="row">
        {Array.from({ length: columns }, (_, c) => (
          <Box key={c} flexDirection="column" width={colWidth}>
            {BINDINGS.slice(c * perColumn, (c + 1) * perColumn).map((b) => (
              <Text key={b.command} wrap="truncate">
                <Text bold color={theme.accent}>{fit(b.label, LABEL)}</Text>
                {fit(b.help, colWidth - LABEL - 1)}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
      {HELP_NOTES.map((note) => (
        <Text key={note} dimColor wrap="truncate">{note}</Text>
      ))}
    </Box>
  );
}

/** A pane's title line: its name (highlighted when the pane has the focus), then what it shows. */
import { Text } from 'ink';
import type { Theme } from './layout.js';
import { visible } from '../render/safe-text.js';

export function PaneTitle({ title, detail, focused, width, theme, right = '' }: { title: string; detail: string; focused: boolean; width: number; theme: Theme; right?: string }) {
  const head = `${focused ? '▌' : '─'} ${title} `;
  const body = detail ? `${visible(detail)} ` : '';
  const fill = Math.max(0, width - head.length - body.length - right.length);
  return (
    <Text wrap="truncate">
      <Text bold={focused} color={focused ? theme.accent : undefined} inverse={focused && !theme.color}>{head}</Text>
      <Text dimColor={!focused}>{body}</Text>
      <Text dimColor>{'─'.repeat(fill)}</Text>
      <Text bold>{right}</Text>
    </Text>
  );
}

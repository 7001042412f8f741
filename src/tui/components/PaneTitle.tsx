/** A pane's title line: its name (highlighted when the pane has the focus), then what it shows, never wider than `width`. */
import { Text } from 'ink';
import { fit, type Theme } from '../app/layout.js';
import { visible } from '../../render/common/safe-text.js';

/** `position` (a scrolling pane's `1,204/31,870`) sits right, before the column headings, and is never cut. */
export function PaneTitle(props: {
  title: string;
  detail: string;
  focused: boolean;
  width: number;
  theme: Theme;
  right?: string;
  position?: string;
}) {
  const { title, detail, focused, width, theme, right = '' } = props;
  const position = props.position ? ` ${props.position} ` : '';
  const head = `${focused ? '▌' : '─'} ${title} `;
  const shown = detail ? visible(detail) : undefined;
  // The detail shortens (with …) before the name or the column headings on the right do.
  const room = Math.max(0, width - head.length - right.length - position.length - 1);
  const body = shown && room > 1 ? `${fit(shown, Math.min(shown.length, room - 1))} ` : '';
  const fill = Math.max(0, width - head.length - body.length - right.length - position.length);
  return (
    <Text wrap="truncate">
      <Text bold={focused} color={focused ? theme.accent : undefined} inverse={focused && !theme.color}>
        {head}
      </Text>
      <Text dimColor={!focused}>{body}</Text>
      <Text dimColor>{'─'.repeat(fill)}</Text>
      {position}
      <Text bold>{right}</Text>
    </Text>
  );
}

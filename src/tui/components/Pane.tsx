/** A pane's frame: its title line, what it draws below it, then blank lines down to its last row. */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { PaneProps } from '../app/layout.js';
import { PaneTitle } from './PaneTitle.js';

export interface PaneFrameProps {
  frame: PaneProps;
  /** The pane's name on its title line ("Layers"); frame.title says what it shows. */
  name: string;
  position?: string;
  /** Column headings at the right of the title line. */
  right?: string;
  /** Of the frame's rows, how many `children` fill (a column-heading line is not one). */
  used: number;
  children: ReactNode;
}

export function Pane({ frame, name, position, right, used, children }: PaneFrameProps) {
  const { width, focused, theme } = frame;
  return (
    <Box flexDirection="column" width={width}>
      <PaneTitle
        title={name}
        detail={frame.title}
        position={position}
        focused={focused}
        width={width}
        theme={theme}
        right={right}
      />
      {children}
      {Array.from({ length: Math.max(0, frame.rows - used) }, (_, i) => (
        <Text key={`pad${i}`}> </Text>
      ))}
    </Box>
  );
}

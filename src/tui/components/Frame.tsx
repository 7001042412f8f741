/** The screen both explore modes share: header, the three panes (or the help), footer; the header's line. */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { Footer } from './Footer.js';
import { HelpOverlay } from './HelpOverlay.js';
import { MIN_COLUMNS, MIN_ROWS, type Layout, type Theme } from '../app/layout.js';
import type { ExploreState } from '../state/state.js';

export interface FrameProps {
  layout: Layout;
  theme: Theme;
  state: ExploreState;
  header: ReactNode;
  layers: ReactNode;
  files: ReactNode;
  details: ReactNode;
  /** Drawn instead of the panes (the path history, the waste pane); the help goes over it. */
  overlay?: ReactNode;
}

export function Frame({ layout, theme, state, header, layers, files, details, overlay }: FrameProps) {
  if (layout.tooSmall) {
    return <Text wrap="truncate">{`terminal too small: ${MIN_COLUMNS}×${MIN_ROWS} at least · q quits`}</Text>;
  }
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      {header}
      {state.help ? (
        <HelpOverlay rows={layout.height - 2} width={layout.width} scroll={state.helpScroll} theme={theme} />
      ) : overlay ? (
        overlay
      ) : (
        <>
          {layers}
          {files}
          {details}
        </>
      )}
      <Footer draft={state.filterDraft} error={state.filterError} width={layout.width} theme={theme} />
    </Box>
  );
}

/** The header: "layerscope", the image's name in bold, then what the app adds (platform, status). */
export function HeaderLine({ name, theme, children }: { name: string; theme: Theme; children: ReactNode }) {
  return (
    <Text wrap="truncate">
      <Text bold color={theme.accent}>
        {'layerscope '}
      </Text>
      <Text bold>{name}</Text>
      {children}
    </Text>
  );
}

/** Files pane title: layer, filter (before the rest: the title shortens from its end), view, sort, kinds shown. */
export function filesTitle(state: ExploreState, what: string): string {
  const kinds = `${state.show.added ? '+' : '·'}${state.show.modified ? '~' : '·'}${state.show.removed ? '-' : '·'}${state.show.unmodified ? 'u' : '·'}`;
  const filter = state.filter ? ` · /${state.filter}/` : '';
  return `${what}${filter} · ${state.mode === 'changes' ? 'changes' : 'merged'} · by ${state.sort} · ${kinds}`;
}

/**
 * What both explore apps (one image, or two compared) hold the same way: the feed's snapshot,
 * the terminal's layout and theme, the reducer's state, the layer the files pane follows, the
 * screen data, and the keys wired to the latest state and layout.
 */
import { useMemo, useReducer, useRef, useSyncExternalStore } from 'react';
import type { FeedSource } from '../feed/image-feed.js';
import { reduce, type ExploreState, type QuitReason, type World } from '../state/state.js';
import { layoutFor, themeFor, type Layout, type Theme } from './layout.js';
import { useFilesLayer, useKeys, useTerminalSize, type TerminalSize } from './use-explorer.js';

/** What both explore apps are given: the feed of snapshots `S`, and how to draw. */
export interface SessionProps<S> {
  feed: FeedSource<S>;
  color: boolean;
  /** Pins the terminal size (tests); otherwise the terminal's, following resizes. */
  size?: TerminalSize;
  /** The files pane follows the layer cursor once it rests this long. */
  settleMs?: number;
  /** Told how the user left: q, or ctrl+c. */
  onQuit?: (reason: QuitReason) => void;
}

interface Screen<S> {
  world(snap: S, layout: Layout): World;
}

export interface ExploreSession<S, D> {
  snap: S;
  layout: Layout;
  theme: Theme;
  state: ExploreState;
  /** The layer (or step) the files pane shows. */
  filesLayer: number;
  screen: D;
  /** The pane has the keys (and no help overlay covers it). */
  focus: (pane: ExploreState['focus']) => boolean;
}

export function useExploreSession<S, D extends Screen<S>>(
  props: SessionProps<S>,
  setup: { initial: ExploreState; rows: (snap: S) => number; screen: () => D },
): ExploreSession<S, D> {
  const { feed } = props;
  const snap = useSyncExternalStore(feed.subscribe, feed.getSnapshot);
  const term = useTerminalSize(props.size);
  const layout = layoutFor(term.columns, term.rows, setup.rows(snap));
  const theme = useMemo(() => themeFor(props.color), [props.color]);
  const [state, dispatch] = useReducer(reduce, setup.initial);
  const filesLayer = useFilesLayer(feed, state, props.settleMs ?? 60);
  // One screen per app, made once (it caches rows between renders).
  const screen = useMemo(setup.screen, []);
  const latestLayout = useRef(layout);
  latestLayout.current = layout;
  useKeys(
    state,
    dispatch,
    () => screen.world(feed.getSnapshot(), latestLayout.current),
    () => feed.noteInput(),
    props.onQuit,
  );
  const focus = (p: ExploreState['focus']) => !state.help && state.focus === p;
  return { snap, layout, theme, state, filesLayer, screen, focus };
}

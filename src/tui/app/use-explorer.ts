/**
 * The hooks both explore screens share: the terminal size (following resizes), the layer the
 * files pane follows, and the keyboard, which turns key presses into reducer actions.
 */
import { useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useRef, useState, type Dispatch } from 'react';
import { splitKeys, type KeyFlags } from '../state/keys.js';
import type { Action, ExploreState, QuitReason, World } from '../state/state.js';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** The terminal's size, updated on resize; `fixed` pins it (tests). */
export function useTerminalSize(fixed?: TerminalSize): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout, fixed?.columns, fixed?.rows]);
  return fixed ?? size;
}

/** `value`, once it has stayed the same for `ms` (the first value at once). */
export function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(value, settled)) return;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, settled, ms]);
  return settled;
}

/**
 * The layer (or step) the files pane shows: while the layer cursor moves, it follows once the
 * cursor rests for `settleMs`; from the files pane, at once. The feed is told what is wanted.
 */
export function useFilesLayer(
  feed: { want?(index: number): void },
  state: Pick<ExploreState, 'layer' | 'focus'>,
  settleMs: number,
): number {
  const settled = useSettled(state.layer, settleMs);
  const layer = state.focus === 'layers' ? settled : state.layer;
  useEffect(() => feed.want?.(layer), [feed, layer]);
  return layer;
}

/**
 * Keys → actions; quits the app when the state says so. Each key is one action carrying the
 * screen's data as of its arrival (`world()`); the reducer applies it to the latest state, so
 * nothing here reads a render's state and a burst loses no key.
 */
export function useKeys(
  state: Pick<ExploreState, 'quit'>,
  dispatch: Dispatch<Action>,
  world: () => World,
  onKey?: () => void,
  onQuit?: (reason: QuitReason) => void,
): void {
  const { exit } = useApp();
  const latest = useRef({ world, onKey });
  latest.current = { world, onKey };
  // A burst of keys (typed ahead while busy, or pasted) arrives as one string: one action each.
  const handler = useCallback(
    (input: string, key: KeyFlags) => {
      latest.current.onKey?.();
      const w = latest.current.world();
      for (const k of splitKeys(input, key)) dispatch({ type: 'key', input: k.input, key: k.key, world: w });
    },
    [dispatch],
  );
  useInput(handler);
  useEffect(() => {
    if (!state.quit) return;
    onQuit?.(state.quit);
    exit();
  }, [state.quit, exit]);
}

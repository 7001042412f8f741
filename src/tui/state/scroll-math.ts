/** Cursor and scroll arithmetic the reducers share. Pure. */
import type { Command } from './keys.js';

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** How far a move command goes on a page of `page` rows; undefined for other commands. */
export function moveStep(command: Command, page: number): number | undefined {
  const steps: Partial<Record<Command, number>> = {
    up: -1,
    down: 1,
    'page-up': -page,
    'page-down': page,
    top: -Infinity,
    bottom: Infinity,
  };
  return steps[command];
}

/** The first visible row that keeps `cursor` on screen, moving `scroll` as little as possible. */
export function scrollFor(cursor: number, scroll: number, page: number, count: number): number {
  let s = scroll;
  if (cursor < s) s = cursor;
  if (cursor >= s + page) s = cursor - page + 1;
  return clamp(s, 0, Math.max(0, count - page));
}

/** A window onto a list: cursor moved by `command` (clamped), scroll following it; null when the command is no move. */
export function moveIn(
  w: { cursor: number; scroll: number },
  command: Command,
  page: number,
  count: number,
): { cursor: number; scroll: number } | null {
  const step = moveStep(command, Math.max(1, page));
  if (step === undefined) return null;
  const cursor = clamp(w.cursor + step, 0, Math.max(0, count - 1));
  return { cursor, scroll: scrollFor(cursor, w.scroll, Math.max(1, page), count) };
}

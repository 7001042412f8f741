/** One self-overwriting status line on stderr, only when stderr is a TTY, at most 10 updates a second. */
import { visible } from './safe-text.js';

export interface StatusLine {
  /** Shows `text` unless the last update was under 100 ms ago (`force` shows it anyway). */
  show(text: string, force?: boolean): void;
  clear(): void;
}

const INTERVAL_MS = 100;

export function createStatusLine(stream: NodeJS.WriteStream): StatusLine {
  if (!stream.isTTY) return { show() {}, clear() {} };
  let last = 0;
  let shown = false;
  return {
    show(text, force = false) {
      const now = Date.now();
      if (!force && now - last < INTERVAL_MS) return;
      last = now;
      stream.write(`\r\u001b[2K${visible(text).slice(0, (stream.columns ?? 80) - 1)}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}

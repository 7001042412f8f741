/** `--pull` progress: one line on stderr, only when stderr is a TTY. */
import type { PullProgress } from '../source/daemon/pull.js';
import { formatBytes } from './format.js';

export interface PullProgressLine {
  update(p: PullProgress): void;
  done(): void;
}

const INTERVAL_MS = 100;

export function createPullProgressLine(stream: NodeJS.WriteStream): PullProgressLine {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < INTERVAL_MS) return;
      last = now;
      const bytes = p.bytesTotal > 0 ? `, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : '';
      const text = `pulling ${p.name}: ${p.layersDone}/${p.layersTotal} layers${bytes}`;
      stream.write(`\r\u001b[2K${text.slice(0, (stream.columns ?? 80) - 1)}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}

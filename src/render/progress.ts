/** A one-line progress display on stderr, only when stderr is a TTY. */
import type { ScanProgress } from '../scan/scan-image.js';
import { formatBytes } from './format.js';

export interface ProgressLine {
  update(p: ScanProgress): void;
  done(): void;
}

const INTERVAL_MS = 100;

export function createProgressLine(stream: NodeJS.WriteStream): ProgressLine {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < INTERVAL_MS && p.layersDone < p.layersTotal) return;
      last = now;
      const of = p.bytesTotal ? ` of ${formatBytes(p.bytesTotal)}` : '';
      const text = `scanning ${p.reference}: layer ${Math.min(p.layersDone + 1, p.layersTotal)}/${p.layersTotal}, ${formatBytes(p.bytesRead)}${of} read`;
      stream.write(`\r\u001b[2K${text.slice(0, (stream.columns ?? 80) - 1)}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}

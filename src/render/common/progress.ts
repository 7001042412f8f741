/** Scan progress: one line on stderr, only when stderr is a TTY. */
import type { ScanProgress } from '../../scan/scan-session-parts.js';
import { formatBytes } from './format.js';
import { createStatusLine } from './status-line.js';

export interface ProgressLine {
  update(p: ScanProgress): void;
  done(): void;
}

export function createProgressLine(stream: NodeJS.WriteStream): ProgressLine {
  const line = createStatusLine(stream);
  return {
    update(p) {
      const of = p.bytesTotal ? ` of ${formatBytes(p.bytesTotal)}` : '';
      const layer = Math.min(p.layersDone + 1, p.layersTotal);
      line.show(
        `scanning ${p.reference}: layer ${layer}/${p.layersTotal}, ${formatBytes(p.bytesRead)}${of} read`,
        p.layersDone === p.layersTotal,
      );
    },
    done: () => line.clear(),
  };
}

/** `--pull` progress: one line on stderr, only when stderr is a TTY. */
import type { PullProgress } from '../../source/daemon/pull.js';
import { formatBytes } from './format.js';
import { createStatusLine } from './status-line.js';

export interface PullProgressLine {
  update(p: PullProgress): void;
  done(): void;
}

export function createPullProgressLine(stream: NodeJS.WriteStream): PullProgressLine {
  const line = createStatusLine(stream);
  return {
    update(p) {
      const bytes = p.bytesTotal > 0 ? `, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : '';
      line.show(`pulling ${p.name}: ${p.layersDone}/${p.layersTotal} layers${bytes}`);
    },
    done: () => line.clear(),
  };
}

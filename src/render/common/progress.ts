/** Scan and `--pull` progress: each one line on stderr, only when stderr is a TTY. */
import type { ScanProgress } from '../../scan/scan-session-parts.js';
import type { PullProgress } from '../../source/daemon/pull.js';
import { formatBytes } from './format.js';
import { createStatusLine } from './status-line.js';

export interface ProgressLine<P> {
  update(p: P): void;
  done(): void;
}

/** A status line saying `text(p)` for each event; an event that is `final` shows at once. */
function progressLine<P>(
  stream: NodeJS.WriteStream,
  text: (p: P) => string,
  final: (p: P) => boolean = () => false,
): ProgressLine<P> {
  const line = createStatusLine(stream);
  return {
    update: (p) => line.show(text(p), final(p)),
    done: () => line.clear(),
  };
}

export function createProgressLine(stream: NodeJS.WriteStream): ProgressLine<ScanProgress> {
  return progressLine(stream, scanText, (p) => p.layersDone === p.layersTotal);
}

export function createPullProgressLine(stream: NodeJS.WriteStream): ProgressLine<PullProgress> {
  return progressLine(stream, pullText);
}

function scanText(p: ScanProgress): string {
  const of = p.bytesTotal ? ` of ${formatBytes(p.bytesTotal)}` : '';
  const layer = Math.min(p.layersDone + 1, p.layersTotal);
  return `scanning ${p.reference}: layer ${layer}/${p.layersTotal}, ${formatBytes(p.bytesRead)}${of} read`;
}

function pullText(p: PullProgress): string {
  const bytes = p.bytesTotal > 0 ? `, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : '';
  return `pulling ${p.name}: ${p.layersDone}/${p.layersTotal} layers${bytes}`;
}

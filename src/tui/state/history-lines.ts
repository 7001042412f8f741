/**
 * The path history overlay as lines: one entry per layer that touched the path — the change,
 * bytes before → after, mode and owner, what removed it — and the layer's command under it,
 * wrapped to the width. The words are inspect --path's (render/path-history-text.ts). Pure.
 */
import type { PathHistory, PathTouch } from '../../analysis/fs/path-history.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';
import { touchAttributes, touchBytes, touchDetail, touchWord } from '../../render/inspect/path-history-text.js';
import { wrapLine, type Line, type Tone } from './details-model.js';

const LABEL = 10;

const TONE: Partial<Record<PathTouch['kind'], Tone>> = {
  added: 'added',
  removed: 'removed',
  hidden: 'removed',
  replaced: 'removed',
  modified: 'accent',
  attributes: 'accent',
};

export function historyLines(h: PathHistory, scannedLayers: number, layerCount: number, width: number): Line[] {
  const lines: Line[] = [];
  if (h.touches.length === 0)
    lines.push([
      { text: 'no layer has an entry at this path (a directory only implied by entries below it)', tone: 'dim' },
    ]);
  for (const t of h.touches) {
    const facts = [touchBytes(t), touchAttributes(t), touchDetail(t)].filter(Boolean).join('  ');
    lines.push([
      { text: `layer ${t.layer}`.padEnd(LABEL), tone: 'label' },
      { text: touchWord(t).padEnd(12), tone: TONE[t.kind] },
      { text: `${t.type}  ${facts}` },
    ]);
    lines.push([
      { text: ''.padEnd(LABEL), tone: 'label' },
      { text: cleanCreatedBy(t.command) || '(no history entry)', tone: 'dim' },
    ]);
  }
  lines.push([{ text: h.present ? 'in the final file system' : 'not in the final file system', tone: 'dim' }]);
  if (scannedLayers < layerCount)
    lines.push([{ text: `layers ${scannedLayers + 1}–${layerCount} are not merged yet`, tone: 'dim' }]);
  return lines.flatMap((l) => wrapLine(l, width));
}

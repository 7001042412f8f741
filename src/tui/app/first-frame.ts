/**
 * The terminal session of `explore` and its first frame. Loading react and ink takes longer
 * than reading an image's metadata, so the layer list is drawn first as plain text, in the
 * same columns the ink screen uses, and ink redraws over it once loaded. Keys typed
 * meanwhile wait in the terminal (raw mode, no echo) and are answered by ink. No react or
 * ink here: the explore command imports this module before it loads them.
 */
import type { Image } from '../../source/model.js';
import { layerInfos, stepMarks, type LayerInfo } from '../state/layer-rows.js';
import {
  createdByText,
  layerNumbers,
  layerShare,
  layersHeader,
  layersTotal,
  stepCells,
  stepsHeader,
} from '../state/layers-text.js';
import { fit, layoutFor } from './layout.js';

const ALT_SCREEN_ON = '\u001b[?1049h\u001b[H\u001b[2J';
const ALT_SCREEN_OFF = '\u001b[?1049l';
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';

export interface ScreenSession {
  /** Back to the shell's screen, raw mode off. Safe to call twice. */
  leave(): void;
}

/** Enters the alternate screen in raw mode and draws the first frame. */
export function enterScreen(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, frame: string): ScreenSession {
  stdin.setRawMode?.(true);
  stdout.write(`${ALT_SCREEN_ON}${HIDE_CURSOR}${frame}\u001b[H`);
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    // Not during a signal's own dispatch: ink's signal-exit ends the process at once when it
    // finds itself the only listener left.
    setImmediate(() => {
      process.off('SIGINT', stay);
      process.off('SIGTERM', onTerm);
    });
    stdin.setRawMode?.(false);
    stdout.write(`${SHOW_CURSOR}${ALT_SCREEN_OFF}`);
  };
  // SIGINT ends the run through the CLI's abort (the screen closes, then exit 130); this
  // listener only keeps ink's signal-exit from ending the process first. SIGTERM: the
  // shell's screen comes back, then the signal is raised again for its default action.
  const stay = () => {};
  const onTerm = () => {
    leave();
    process.kill(process.pid, 'SIGTERM');
  };
  process.on('SIGINT', stay);
  process.once('SIGTERM', onTerm);
  return { leave };
}

const name = (image: Image) => image.repoTags[0] ?? image.reference;

/** The screen before any layer is read: header, the layer list (or both, side by side), footer. */
export function firstFrame(images: Image[], columns: number, rows: number): string {
  const steps = images.length === 2 ? compareRows(images[0], images[1], columns) : null;
  const layers = images.length === 2 ? [] : layerInfos(images[0], []);
  const count = steps ? steps.length : layers.length;
  const layout = layoutFor(columns, rows, count);
  if (layout.tooSmall) return '';
  const title = (t: string, detail: string) => `─ ${t} ${detail} `.padEnd(layout.width, '─');
  const lines = [`layerscope ${images.map(name).join(' → ')}  loading…`];
  if (steps)
    lines.push(
      title('Steps', `${count} steps`),
      stepsHeader({ a: name(images[0]), b: name(images[1]) }, layout.width),
      ...steps,
    );
  else
    lines.push(
      title('Layers', `${count} layers`),
      layersHeader(layout.width),
      ...layers.map((l) => layerLine(l, layersTotal(layers), layout.width)),
    );
  const filled = 3 + Math.min(count, layout.layerRows);
  lines.length = filled;
  while (lines.length < layout.height - 1) lines.push('');
  lines.push('loading the interface… (keys typed now are answered in a moment)');
  return lines.map((l) => fit(l, layout.width)).join('\n');
}

function layerLine(l: LayerInfo, total: number, width: number): string {
  return `  ${layerNumbers(l, width)}${layerShare(l, total, width)}${createdByText(l, width)}`;
}

function compareRows(a: Image, b: Image, width: number): string[] {
  const [la, lb] = [layerInfos(a, []), layerInfos(b, [])];
  const marks = stepMarks(
    a.layers.map((l) => l.diffID),
    b.layers.map((l) => l.diffID),
  );
  return Array.from({ length: Math.max(la.length, lb.length) }, (_, i) => {
    const c = stepCells(i, la[i] ?? null, lb[i] ?? null, marks.b[i], width);
    return `  ${c.number}${c.a}│ ${c.mark}${c.b}`;
  });
}

/**
 * A path's history as text: one row per layer that touched it — the change, the bytes
 * (before → after), mode and owner, what removed it, the layer's command. `inspect --path`
 * prints the table; explore's history overlay shows the same words.
 */
import type { PathHistory, PathTouch } from '../../analysis/fs/path-history.js';
import { fitLines } from '../common/cells.js';
import { modeString, ownerString } from '../common/file-mode.js';
import { formatBytes } from '../common/format.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';
import type { Style } from '../common/style.js';
import { fittedTableText } from '../common/table.js';
import { visibleStrings } from '../common/safe-text.js';

const KIND_WORD: Record<PathTouch['kind'], string> = {
  added: 'added',
  modified: 'modified',
  attributes: 'mode/owner',
  removed: 'removed',
  hidden: 'hidden',
  replaced: 'replaced',
};

/** The change in a word ("added", "mode/owner", "hidden"…). */
export const touchWord = (t: PathTouch) => KIND_WORD[t.kind];

/** Bytes: "1.04 kB", or "100 B → 250 B" where there was an entry before. */
export function touchBytes(t: PathTouch): string {
  if (t.bytesBefore === null) return formatBytes(t.bytes);
  if (t.kind === 'removed' || t.kind === 'hidden' || t.kind === 'replaced')
    return `${formatBytes(t.bytesBefore)} → gone`;
  return `${formatBytes(t.bytesBefore)} → ${formatBytes(t.bytes)}`;
}

/** `-rwxr-xr-x 1000:1000`, or '' for an entry that went. */
export function touchAttributes(t: PathTouch): string {
  return t.mode === null ? '' : `${modeString(t.type, t.mode)} ${ownerString(t.uid ?? 0, t.gid ?? 0)}`;
}

/** What differs, or what removed it: "size, mode", "whiteout of /a/b", "opaque /c", "file at /d". */
export function touchDetail(t: PathTouch): string {
  switch (t.kind) {
    case 'removed':
      return `whiteout of ${t.by}`;
    case 'hidden':
      return `opaque directory ${t.by}`;
    case 'replaced':
      return t.by ? `non-directory written at ${t.by}` : 'became a directory (a layer wrote below it)';
    case 'added':
      return t.linkTarget ? `→ ${t.linkTarget}` : '';
    default:
      return t.changed.length > 0 ? t.changed.join(', ') : 'rewritten (same size, mode and owner)';
  }
}

export function renderPathHistoryText(raw: PathHistory, style: Style, width: number): string {
  const [h] = visibleStrings([raw] as const);
  const title = style.bold(`History of ${h.path}`) + (h.present ? '' : style.dim('  (not in the final file system)'));
  if (h.touches.length === 0) return `${title}\n  no layer has an entry at this path\n`;
  const rows = h.touches.map((t) => [
    String(t.layer),
    touchWord(t),
    t.type,
    touchBytes(t),
    touchAttributes(t),
    touchDetail(t),
    cleanCreatedBy(t.command),
  ]);
  const table = fittedTableText(
    {
      head: ['LAYER', 'CHANGE', 'TYPE', 'SIZE', 'MODE / OWNER', 'WHAT', 'CREATED BY'],
      aligns: ['right', 'left', 'left', 'right', 'left', 'left', 'left'],
      rows,
      shorten: [6, 5],
    },
    width,
    style,
  );
  return fitLines(`${title}\n${table}\n`, width);
}

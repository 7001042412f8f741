/**
 * The engine's history API (GET /images/{id}/history) lists every instruction with the size
 * of the layer it made, but not whether it made one: a RUN that only deletes files has a
 * layer of 0 bytes, a RUN that changed nothing has none. Which entries own a layer is
 * decided here, exactly where the engine knows intermediate images (anchors: how many
 * layers the image had after that entry), otherwise from sizes and the instruction. Pure.
 * When the export is read, the image config's own empty_layer flags replace this guess.
 */
import type { HistoryEntry } from '../model.js';

/** One item of GET /images/{id}/history (newest first, as the engine sends them). */
export interface EngineHistoryItem {
  Id: string;
  Created: number;
  CreatedBy: string;
  Comment?: string;
  Size: number;
}

export interface MappedHistory {
  /** Oldest first, as in the image config. */
  entries: HistoryEntry[];
  /** Declared (unpacked) size of each layer, in layer order; undefined where unknown. */
  layerSizes: Array<number | undefined>;
}

/** Instructions that only change the config; they make a layer only in unusual builders. */
const METADATA_ONLY =
  /^(?:\/bin\/sh -c #\(nop\)\s+)?(?:ENV|CMD|LABEL|EXPOSE|ENTRYPOINT|USER|VOLUME|STOPSIGNAL|HEALTHCHECK|SHELL|ARG|ONBUILD|MAINTAINER)\b/;

/**
 * @param newestFirst the history items as the engine returns them
 * @param layerCount  the number of layers (RootFS.Layers)
 * @param anchors     history index (oldest first) → number of layers the image had after it
 */
export function mapHistory(
  newestFirst: EngineHistoryItem[],
  layerCount: number,
  anchors: Map<number, number> = new Map(),
): MappedHistory {
  const items = [...newestFirst].reverse();
  const owns = new Array<boolean>(items.length).fill(false);
  const points = [...anchors.entries()].filter(([i, n]) => i >= 0 && i < items.length && n >= 0 && n <= layerCount);
  points.push([items.length - 1, layerCount]);
  points.sort((a, b) => a[0] - b[0]);
  let from = 0;
  let before = 0;
  for (const [at, count] of points) {
    if (at < from) continue;
    chooseOwners(items, owns, from, at, Math.max(0, count - before));
    from = at + 1;
    before = Math.max(before, count);
  }
  const entries = items.map((item, i) => toEntry(item, !owns[i]));
  const sizes = items.filter((_, i) => owns[i]).map((item) => item.Size);
  const layerSizes = Array.from({ length: layerCount }, (_, i) => sizes[i]);
  return { entries, layerSizes };
}

/** Marks `count` entries in [from, to] as owning a layer, the most likely first. */
function chooseOwners(items: EngineHistoryItem[], owns: boolean[], from: number, to: number, count: number): void {
  const candidates: Array<{ i: number; score: number }> = [];
  for (let i = from; i <= to; i++) candidates.push({ i, score: likelihood(items[i]) });
  candidates.sort((a, b) => b.score - a.score || a.i - b.i);
  for (const c of candidates.slice(0, count)) owns[c.i] = true;
}

function likelihood(item: EngineHistoryItem): number {
  if (item.Size > 0) return 2;
  return METADATA_ONLY.test(item.CreatedBy ?? '') ? 0 : 1;
}

function toEntry(item: EngineHistoryItem, emptyLayer: boolean): HistoryEntry {
  const entry: HistoryEntry = { createdBy: item.CreatedBy ?? '', emptyLayer };
  if (Number.isFinite(item.Created) && item.Created > 0) entry.created = new Date(item.Created * 1000).toISOString();
  if (item.Comment) entry.comment = item.Comment;
  return entry;
}

/** Which history items name an intermediate image whose layer count pins the mapping. */
export function anchorIds(newestFirst: EngineHistoryItem[], imageId: string): Map<string, number> {
  const out = new Map<string, number>();
  newestFirst.forEach((item, k) => {
    const index = newestFirst.length - 1 - k;
    if (item.Id && item.Id !== '<missing>' && item.Id !== imageId && !out.has(item.Id)) out.set(item.Id, index);
  });
  return out;
}

/**
 * The rows of the waste pane for a list and a sort: dive's inefficient paths (copies, bytes
 * over every copy, the layers that wrote or deleted it) and the dead entries (bytes, the
 * layer that wrote one and the layer that made it dead, why). Each row names the layer and
 * path enter jumps to: the first layer that wrote it (dive) or the layer that wrote it. Pure.
 */
import type { DiveInefficiency } from '../../analysis/waste/waste-dive.js';
import type { DeadEntry } from '../../analysis/waste/waste-reclaimable.js';
import type { ExploreAnalysis } from '../feed/explore-analysis.js';
import { WASTE_SORTS, type WasteList } from './overlay-keys.js';

export type WasteRow =
  | { kind: 'inefficient'; item: DiveInefficiency; layer: number; path: string }
  | { kind: 'reclaimable'; item: DeadEntry; layer: number; path: string };

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function wasteRows(analysis: ExploreAnalysis, list: WasteList, sort: number): WasteRow[] {
  const key = WASTE_SORTS[list][sort];
  if (list === 'inefficient') {
    const rows: WasteRow[] = analysis.dive.top.map((item) => ({
      kind: 'inefficient',
      item,
      layer: item.layers[0] - 1,
      path: item.path,
    }));
    const cmp =
      key === 'copies'
        ? (a: DiveInefficiency, b: DiveInefficiency) => b.count - a.count || b.cumulativeBytes - a.cumulativeBytes
        : key === 'path'
          ? byPath
          : (a: DiveInefficiency, b: DiveInefficiency) => b.cumulativeBytes - a.cumulativeBytes || byPath(a, b);
    return rows.sort((a, b) => cmp(a.item as DiveInefficiency, b.item as DiveInefficiency));
  }
  const rows: WasteRow[] = analysis.dead.map((item) => ({
    kind: 'reclaimable',
    item,
    layer: item.writtenBy - 1,
    path: item.path,
  }));
  const cmp =
    key === 'layer'
      ? (a: DeadEntry, b: DeadEntry) => a.writtenBy - b.writtenBy || a.madeDeadBy - b.madeDeadBy || b.bytes - a.bytes
      : key === 'path'
        ? byPath
        : (a: DeadEntry, b: DeadEntry) => b.bytes - a.bytes || byPath(a, b);
  return rows.sort((a, b) => cmp(a.item as DeadEntry, b.item as DeadEntry));
}

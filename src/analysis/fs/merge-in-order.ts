/**
 * Merging while the scan is still running: scans arrive in completion order (several layers
 * are read at once), each is applied as soon as every layer below it is in. The merge work of
 * the lower layers then overlaps the reading of the upper ones. Pure apart from its own state.
 */
import type { LayerScan } from '../../scan/layer-scan.js';
import { Merger, type MergedFs } from './merge.js';

export class InOrderMerge {
  private merger: Merger | undefined;
  private readonly waiting = new Map<number, LayerScan>();
  private next = 0;

  /** `layerBytes`: each layer's blob size, where known (it sizes the merge's columns). */
  constructor(private readonly layerBytes: Array<number | undefined>) {}

  /** Takes the scan of layer `index` (0-based) and applies every layer that is now ready. */
  add(index: number, scan: LayerScan): void {
    if (index < this.next || this.waiting.has(index)) return;
    this.waiting.set(index, scan);
    for (let s = this.waiting.get(this.next); s; s = this.waiting.get(this.next)) {
      this.merger ??= new Merger(this.layerBytes.length, this.estimateEntries());
      this.waiting.delete(this.next);
      this.merger.applyLayer(this.next++, s);
    }
  }

  /** The merged file system; every layer must have been added. */
  result(): MergedFs {
    const count = this.layerBytes.length;
    if (this.next !== count) throw new Error(`merge: ${this.next} of ${count} layers merged`);
    return (this.merger ?? new Merger(0, 0)).result();
  }

  /**
   * Entries over all layers, extrapolated from the scans in so far (entries per blob byte):
   * growing the columns one doubling at a time costs more than the merge itself. Layer sizes
   * come from the image's metadata and may be anything, so the estimate never exceeds a few
   * times what the scans in so far suggest per layer: the columns still grow past it when needed.
   */
  private estimateEntries(): number {
    const scans = [...this.waiting.values()];
    const entries = scans.reduce((a, s) => a + s.entries.length, 0);
    const bytes = scans.reduce((a, s) => a + s.tarSize, 0);
    const byCount = (entries / scans.length) * this.layerBytes.length;
    const sizes = this.layerBytes.every((b) => b !== undefined && Number.isFinite(b) && b >= 0);
    const total = sizes ? this.layerBytes.reduce((a: number, b) => a + b!, 0) : undefined;
    const byBytes = total === undefined || bytes === 0 ? byCount : Math.min((entries / bytes) * total, total / 512);
    const estimate = Math.min(byBytes, 4 * byCount + 1024, MAX_ESTIMATE);
    return Number.isFinite(estimate) && estimate > 0 ? Math.round(estimate) : 0;
  }
}

/** Columns sized up front for at most this many entries (about 150 MB); more grow as they come. */
const MAX_ESTIMATE = 4_000_000;

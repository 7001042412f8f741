/**
 * Merging while the scan is still running: scans arrive in completion order (several layers
 * are read at once), each is applied as soon as every layer below it is in. The merge work of
 * the lower layers then overlaps the reading of the upper ones. Pure apart from its own state.
 */
import type { LayerScan } from '../scan/layer-scan.js';
import { Merger, type MergedFs } from './merge.js';

export class InOrderMerge {
  private readonly merger: Merger;
  private readonly waiting = new Map<number, LayerScan>();
  private next = 0;

  /** `entriesHint`: a guess at the number of entries over all layers (0 when unknown). */
  constructor(private readonly layerCount: number, entriesHint = 0) {
    this.merger = new Merger(layerCount, entriesHint);
  }

  /** Takes the scan of layer `index` (0-based) and applies every layer that is now ready. */
  add(index: number, scan: LayerScan): void {
    if (index < this.next || this.waiting.has(index)) return;
    this.waiting.set(index, scan);
    for (let s = this.waiting.get(this.next); s; s = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      this.merger.applyLayer(this.next++, s);
    }
  }

  /** The merged file system; every layer must have been added. */
  result(): MergedFs {
    if (this.next !== this.layerCount) throw new Error(`merge: ${this.next} of ${this.layerCount} layers merged`);
    return this.merger.result();
  }
}

/** One LayerFact per layer of a report (history entries without a layer left out). Pure. */
import type { LayerReport } from '../report/layer-report.js';
import { cleanCreatedBy } from '../report/created-by.js';
import type { LayerFact } from './facts.js';

export function layerFacts(report: LayerReport): LayerFact[] {
  return report.rows
    .filter((r) => r.layer !== null)
    .map((r) => ({
      layer: r.layer!,
      size: r.size ?? 0,
      compressedSize: r.compressedBytes,
      inodes: r.inodes ?? 0,
      createdBy: cleanCreatedBy(r.createdBy),
    }));
}

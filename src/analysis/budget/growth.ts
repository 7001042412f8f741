/** Growth facts against a baseline image, from the comparison's layer reuse. Pure. */
import { imageSide } from '../compare/image-side.js';
import { layerReuse } from '../compare/layer-reuse.js';
import type { LayerReport } from '../report/layer-report.js';
import type { LayerScan } from '../../scan/layer-scan.js';
import type { Image } from '../../source/model.js';
import type { GrowthFacts } from './facts.js';
import { layerFacts } from './layer-facts.js';

export interface ScannedImage {
  image: Image;
  scans: LayerScan[];
  report: LayerReport;
}

export function growthFacts(baseline: ScannedImage, target: ScannedImage): GrowthFacts {
  const before = imageSide(baseline.image, baseline.scans);
  const after = imageSide(target.image, target.scans);
  const reuse = layerReuse(before, after);
  const fresh = reuse.rows.filter((r) => r.status !== 'shared');
  const biggest = fresh.sort((a, b) => b.size - a.size)[0];
  const sizeGrowth = after.totals.size - before.totals.size;
  return {
    baseline: baseline.image.reference,
    sizeGrowth,
    sizeGrowthPercent: before.totals.size > 0 ? sizeGrowth / before.totals.size : 0,
    pullBytes: reuse.pull.bytes,
    pullEstimated: reuse.pull.estimated,
    newInodes: reuse.newDisk.inodes,
    layerReuse: reuse.layersB > 0 ? reuse.byChainID.shared / reuse.layersB : 1,
    biggestNewLayer: biggest ? (layerFacts(target.report).find((l) => l.layer === biggest.layer) ?? null) : null,
  };
}

/**
 * BudgetFacts from the analysis models of one image (and its comparison with a baseline), for
 * the check command: the waste culprits are described here, in words and units, so analysis
 * hands over numbers only. Pure.
 */
import type { ImageAnalysis } from '../../analysis/report/image-analysis.js';
import type { LayerReport } from '../../analysis/report/layer-report.js';
import { REMOVED, type MergedFs } from '../../analysis/fs/merge.js';
import { viewEntries } from '../../analysis/fs/merged-queries.js';
import { formatBytes } from '../../render/common/format.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';
import type { BudgetFacts, GrowthFacts, PathFact } from '../../analysis/budget/facts.js';
import { layerFacts } from '../../analysis/budget/layer-facts.js';
import type { PackageReport } from '../../analysis/packages/package-model.js';

export function budgetFacts(
  report: LayerReport,
  analysis: Pick<ImageAnalysis, 'dive' | 'reclaimable'>,
  fs: MergedFs,
  growth: GrowthFacts | null,
  packages: PackageReport | null = null,
): BudgetFacts {
  const layers = layerFacts(report);
  const top = analysis.dive.top[0];
  const blame = analysis.reclaimable.blame[0];
  return {
    reference: report.image.reference,
    image: {
      size: report.totals.size ?? 0,
      compressedSize: report.totals.compressedBytes,
      layers: report.image.layers,
      inodes: report.totals.inodes ?? 0,
    },
    layers,
    waste: {
      efficiency: analysis.dive.efficiency,
      wastedBytes: analysis.dive.wastedBytes,
      userWastedPercent: analysis.dive.userWastedPercent,
      reclaimableBytes: analysis.reclaimable.bytes,
      topInefficientPath: top
        ? `${top.path} (${top.count} copies, ${formatBytes(top.cumulativeBytes)}, layers ${top.layers.join(', ')})`
        : null,
      topBlame: blame
        ? `layer ${blame.madeDeadBy} ${cleanCreatedBy(blame.madeDeadByCommand)} ${blame.reason} ${formatBytes(blame.bytes)} written by layer ${blame.writtenBy}`
        : null,
    },
    growth,
    finalPaths: finalPaths(fs),
    writtenPaths: writtenPaths(fs),
    packages,
  };
}

function finalPaths(fs: MergedFs): PathFact[] {
  const { events, bytes, inodes } = viewEntries(fs, { kind: 'final' });
  const out: PathFact[] = new Array(events.length);
  events.forEach((e, i) => {
    out[i] = {
      path: fs.paths.names[fs.events.path[e]],
      bytes: bytes[i],
      inodes: inodes[i],
      layer: fs.events.layer[e] + 1,
    };
  });
  return out;
}

function writtenPaths(fs: MergedFs): Array<{ path: string; layer: number }> {
  const out: Array<{ path: string; layer: number }> = [];
  for (let e = 0; e < fs.eventCount; e++) {
    if (fs.events.kind[e] === REMOVED) continue;
    out.push({ path: fs.paths.names[fs.events.path[e]], layer: fs.events.layer[e] + 1 });
  }
  return out;
}

/** BudgetFacts from the analysis models of one image (and its comparison with a baseline). Pure. */
import type { ImageAnalysis } from '../analysis/image-analysis.js';
import type { LayerReport } from '../analysis/layer-report.js';
import { REMOVED, type MergedFs } from '../analysis/merge.js';
import { viewEntries } from '../analysis/merged-queries.js';
import { cleanCreatedBy, formatBytes } from '../render/format.js';
import type { BudgetFacts, GrowthFacts, LayerFact, PathFact } from './facts.js';

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

export function budgetFacts(report: LayerReport, analysis: Pick<ImageAnalysis, 'dive' | 'reclaimable'>, fs: MergedFs, growth: GrowthFacts | null): BudgetFacts {
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
      topInefficientPath: top ? `${top.path} (${top.count} copies, ${formatBytes(top.cumulativeBytes)}, layers ${top.layers.join(', ')})` : null,
      topBlame: blame
        ? `layer ${blame.madeDeadBy} ${cleanCreatedBy(blame.madeDeadByCommand)} ${blame.reason} ${formatBytes(blame.bytes)} written by layer ${blame.writtenBy}`
        : null,
    },
    growth,
    finalPaths: finalPaths(fs),
    writtenPaths: writtenPaths(fs),
  };
}

function finalPaths(fs: MergedFs): PathFact[] {
  const { events, bytes, inodes } = viewEntries(fs, { kind: 'final' });
  const out: PathFact[] = new Array(events.length);
  events.forEach((e, i) => {
    out[i] = { path: fs.paths.names[fs.events.path[e]], bytes: bytes[i], inodes: inodes[i], layer: fs.events.layer[e] + 1 };
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

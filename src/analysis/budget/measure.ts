/** The actual value of each rule, with its culprit, from BudgetFacts. Pure. */
import type { BudgetFacts, LayerFact } from './facts.js';

/** `estimated`: the actual value is an estimate (a pull size of layers the source stores as plain tars). */
export type Measurement = { actual: number; culprit?: string; note?: string; estimated?: boolean } | { skip: string };

const describe = (l: LayerFact | null | undefined) => (l ? `layer ${l.layer} ${l.createdBy}`.trim() : undefined);

function largest(layers: LayerFact[], key: 'size' | 'inodes' | 'compressedSize'): LayerFact | null {
  let best: LayerFact | null = null;
  for (const l of layers) if (best === null || (l[key] ?? 0) > (best[key] ?? 0)) best = l;
  return best;
}

const NO_BASELINE = 'needs --baseline';
const NO_PACKAGES = 'packages were not read';

/** How an estimated pull size was judged, for the rule's row. */
function pullEstimate(g: NonNullable<BudgetFacts['growth']>): { estimated: boolean; note?: string } {
  if (!g.pullEstimated) return { estimated: false };
  return {
    estimated: true,
    note: 'judged an estimate (≈): layers stored as plain tars count as docker push sends them, gzip -6 of the tar, sampled while scanning (±20%)',
  };
}

export function measure(id: string, f: BudgetFacts): Measurement {
  const g = f.growth;
  switch (id) {
    case 'image.maxSize':
      return { actual: f.image.size, culprit: describe(largest(f.layers, 'size')) };
    case 'image.maxCompressedSize':
      return f.image.compressedSize === null
        ? {
            skip: 'the source has no compressed blobs (docker save / engine export); use an OCI layout or registry reference',
          }
        : { actual: f.image.compressedSize, culprit: describe(largest(f.layers, 'compressedSize')) };
    case 'image.maxLayers':
      return { actual: f.image.layers };
    case 'image.maxInodes':
      return { actual: f.image.inodes, culprit: describe(largest(f.layers, 'inodes')) };
    case 'layer.maxSize': {
      const l = largest(f.layers, 'size');
      return l ? { actual: l.size, culprit: describe(l) } : { actual: 0 };
    }
    case 'layer.maxInodes': {
      const l = largest(f.layers, 'inodes');
      return l ? { actual: l.inodes, culprit: describe(l) } : { actual: 0 };
    }
    case 'waste.minEfficiency':
      return { actual: f.waste.efficiency, culprit: f.waste.topInefficientPath ?? undefined };
    case 'waste.maxWastedBytes':
      return { actual: f.waste.wastedBytes, culprit: f.waste.topInefficientPath ?? undefined };
    case 'waste.maxUserWastedPercent':
      return f.waste.userWastedPercent === null
        ? { skip: 'the layers above the base hold no bytes' }
        : { actual: f.waste.userWastedPercent, culprit: f.waste.topInefficientPath ?? undefined };
    case 'waste.maxReclaimableBytes':
      return { actual: f.waste.reclaimableBytes, culprit: f.waste.topBlame ?? undefined };
    case 'growth.maxGrowth':
      return g ? { actual: g.sizeGrowth, culprit: describe(g.biggestNewLayer) } : { skip: NO_BASELINE };
    case 'growth.maxGrowthPercent':
      return g ? { actual: g.sizeGrowthPercent, culprit: describe(g.biggestNewLayer) } : { skip: NO_BASELINE };
    case 'growth.maxPullBytes':
      return g
        ? { actual: g.pullBytes, culprit: describe(g.biggestNewLayer), ...pullEstimate(g) }
        : { skip: NO_BASELINE };
    case 'growth.maxNewInodes':
      return g ? { actual: g.newInodes, culprit: describe(g.biggestNewLayer) } : { skip: NO_BASELINE };
    case 'growth.minLayerReuse':
      return g ? { actual: g.layerReuse, culprit: describe(g.biggestNewLayer) } : { skip: NO_BASELINE };
    case 'packages.maxDuplicates': {
      const d = f.packages?.duplicates[0];
      return f.packages
        ? {
            actual: f.packages.duplicates.length,
            culprit: d && `${d.name} (${d.instances} copies: ${d.versions.join(', ')})`,
          }
        : { skip: NO_PACKAGES };
    }
    case 'packages.devShipped': {
      const dev = f.packages?.packages.filter((p) => p.dev) ?? [];
      return f.packages
        ? {
            actual: dev.length,
            culprit: dev[0] && `${dev[0].name} ${dev[0].version} at ${dev[0].path} (layer ${dev[0].addedIn})`,
          }
        : { skip: NO_PACKAGES };
    }
  }
  return { skip: 'unknown rule' };
}

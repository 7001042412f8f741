/**
 * Rolling deploys: the images are versions deployed in order onto one host that keeps the
 * last `keep`. Deploying version i pulls it while the versions before are still there, then
 * removes the oldest beyond `keep`; so the host must hold keep + 1 versions for a moment
 * (`during`), and holds `keep` after (`after`). The peak is the largest `during`. Pure.
 */
import { unionCost } from './footprint.js';
import { storeItems, type CostItem, type FootprintImage, type StoreOptions } from './footprint-store.js';
import { subCost, type Cost } from './footprint-tree.js';

export interface DeployStep {
  /** Number (from 1, the order given) of the image deployed at this step; step N deploys image N. */
  deployed: number;
  /** Images on the host after the step, oldest first. */
  onHost: number[];
  /** Images removed at this step (beyond --keep). */
  removed: number[];
  /** What pulling the new version adds (its items not already on the host). */
  added: Cost;
  /** What removing the old versions frees. */
  freed: Cost;
  /** Footprint while the new version is pulled and the old ones not yet removed. */
  during: Cost;
  /** Footprint after the step. */
  after: Cost;
}

export interface DeployPeak {
  bytes: number;
  /** Step (from 1) where the bytes peak first. */
  bytesStep: number;
  inodes: number;
  inodesStep: number;
}

export interface DeploySimulation {
  /** Versions kept on the host. */
  keep: number;
  steps: DeployStep[];
  peak: DeployPeak;
}

/** Images are numbered from 1, as in the tables. */
function step(n: number, before: number[], keep: number, itemLists: CostItem[][]): DeployStep {
  const lists = (numbers: number[]) => numbers.map((k) => itemLists[k - 1]);
  const previous = unionCost(lists(before));
  const held = [...before, n];
  const removed = held.slice(0, Math.max(0, held.length - keep));
  const onHost = held.slice(removed.length);
  const during = unionCost(lists(held));
  const after = unionCost(lists(onHost));
  return {
    deployed: n,
    onHost,
    removed,
    added: subCost(during, previous),
    freed: subCost(during, after),
    during,
    after,
  };
}

export function simulateDeploys(images: FootprintImage[], keep: number, opts: StoreOptions): DeploySimulation {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be a whole number from 1 (got ${keep})`);
  const itemLists = images.map((image) => storeItems(image, opts));
  const steps: DeployStep[] = [];
  let onHost: number[] = [];
  images.forEach((_, i) => {
    const s = step(i + 1, onHost, keep, itemLists);
    steps.push(s);
    onHost = s.onHost;
  });
  return { keep, steps, peak: peakOf(steps) };
}

function peakOf(steps: DeployStep[]): DeployPeak {
  const peak: DeployPeak = { bytes: 0, bytesStep: 0, inodes: 0, inodesStep: 0 };
  steps.forEach((s, i) => {
    if (s.during.bytes > peak.bytes) Object.assign(peak, { bytes: s.during.bytes, bytesStep: i + 1 });
    if (s.during.inodes > peak.inodes) Object.assign(peak, { inodes: s.during.inodes, inodesStep: i + 1 });
  });
  return peak;
}

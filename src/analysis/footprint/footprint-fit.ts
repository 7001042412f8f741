/**
 * How many more releases fit on a host: free bytes and free inodes (as statfs reports them
 * for the file system holding the data root) against what one more release like the last
 * one adds. A release "like the last one" adds what the last image added on top of the one
 * before it (its layers not shared with it); with a single image, the whole image. Whichever
 * runs out first — disk or inodes — bounds the answer. Pure.
 */
import { unionCost } from './footprint.js';
import { storeItems, type FootprintImage, type StoreOptions } from './footprint-store.js';
import { subCost, type Cost } from './footprint-tree.js';
import type { HostCapacity } from '../../source/host-capacity.js';

export type FitLimit = 'disk' | 'inodes' | 'both' | 'none';

export interface HostFit {
  host: HostCapacity;
  /** What one more release like the last adds. */
  perRelease: Cost;
  /** Numbers (from 1) of the image the estimate is modelled on, and of the one before it (null for a single image). */
  modelledOn: number;
  comparedWith: number | null;
  /** Releases that fit by bytes alone and by inodes alone (null: no limit — the release adds none, or inodes are not limited). */
  byDisk: number | null;
  byInodes: number | null;
  /** The smaller of the two (null when the release adds nothing at all). */
  releases: number | null;
  limitedBy: FitLimit;
}

/** What deploying `last` adds to a host that has `previous`. */
export function releaseIncrement(
  images: FootprintImage[],
  opts: StoreOptions,
): { cost: Cost; last: number; previous: number | null } {
  if (images.length === 0) throw new RangeError('no images');
  const lists = images.map((image) => storeItems(image, opts));
  const last = images.length - 1;
  if (last === 0) return { cost: unionCost([lists[0]]), last, previous: null };
  const cost = subCost(unionCost([lists[last - 1], lists[last]]), unionCost([lists[last - 1]]));
  return { cost, last, previous: last - 1 };
}

const fits = (free: number, each: number): number | null => (each > 0 ? Math.max(0, Math.floor(free / each)) : null);

export function fitReleases(images: FootprintImage[], host: HostCapacity, opts: StoreOptions): HostFit {
  const inc = releaseIncrement(images, opts);
  const byDisk = fits(host.freeBytes, inc.cost.bytes);
  const byInodes = host.freeInodes === null ? null : fits(host.freeInodes, inc.cost.inodes);
  return {
    host,
    perRelease: inc.cost,
    modelledOn: inc.last + 1,
    comparedWith: inc.previous === null ? null : inc.previous + 1,
    byDisk,
    byInodes,
    releases: byDisk === null ? byInodes : byInodes === null ? byDisk : Math.min(byDisk, byInodes),
    limitedBy: limitOf(byDisk, byInodes),
  };
}

function limitOf(byDisk: number | null, byInodes: number | null): FitLimit {
  if (byDisk === null && byInodes === null) return 'none';
  if (byDisk === null) return 'inodes';
  if (byInodes === null) return 'disk';
  if (byDisk === byInodes) return 'both';
  return byDisk < byInodes ? 'disk' : 'inodes';
}

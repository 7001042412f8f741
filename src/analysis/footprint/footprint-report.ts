/**
 * The footprint report: one model for the table, markdown and JSON renderers. The images
 * together (as if all on one host), the rolling deploy through them in order, and — when the
 * host's free space is known — how many more releases fit. Pure.
 */
import { simulateDeploys, type DeploySimulation } from './footprint-deploy.js';
import type { HostCapacity } from '../../source/host-capacity.js';
import { fitReleases, type HostFit } from './footprint-fit.js';
import { hostFootprint, type HostFootprint } from './footprint.js';
import type { FootprintImage, StoreKind, StoreOptions } from './footprint-store.js';
import { FAST_SYMLINK_MAX, HTREE_LEAF_FILL } from './footprint-tree.js';
import { TAR_SPLIT } from './footprint-store.js';

export interface FootprintModel {
  store: StoreKind;
  blockSize: number;
  pulled: boolean;
  /** The constants the estimate uses, so a JSON reader can see what was assumed. */
  constants: {
    fastSymlinkMax: number;
    htreeLeafFill: number;
    tarSplit: typeof TAR_SPLIT | null;
  };
}

export interface FootprintReport extends HostFootprint {
  model: FootprintModel;
  /** The images as deployed in order, keeping the last `keep`; null for a single image without --keep. */
  deploy: DeploySimulation | null;
  /** null without --host. */
  fit: HostFit | null;
}

export interface ReportOptions extends StoreOptions {
  /** --keep N; undefined keeps every image. */
  keep?: number;
  host?: HostCapacity;
}

export function buildFootprintReport(images: FootprintImage[], opts: ReportOptions): FootprintReport {
  const store: StoreOptions = { store: opts.store, blockSize: opts.blockSize, pulled: opts.pulled };
  const showDeploy = images.length > 1 || opts.keep !== undefined;
  return {
    model: {
      ...store,
      constants: {
        fastSymlinkMax: FAST_SYMLINK_MAX,
        htreeLeafFill: HTREE_LEAF_FILL,
        tarSplit: opts.store === 'overlay2' ? TAR_SPLIT : null,
      },
    },
    ...hostFootprint(images, store),
    deploy: showDeploy ? simulateDeploys(images, opts.keep ?? images.length, store) : null,
    fit: opts.host ? fitReleases(images, opts.host, store) : null,
  };
}

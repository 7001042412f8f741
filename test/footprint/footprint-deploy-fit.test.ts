import { describe, expect, it } from 'vitest';
import { simulateDeploys } from '../../src/analysis/footprint/footprint-deploy.js';
import { fitReleases, type HostCapacity } from '../../src/analysis/footprint/footprint-fit.js';
import { hostFootprint } from '../../src/analysis/footprint/footprint.js';
import type { StoreOptions } from '../../src/analysis/footprint/footprint-store.js';
import { B, image, type LayerDef } from './helpers.js';

const opts: StoreOptions = { store: 'overlay2', blockSize: B, pulled: false };

// Every release: the same base, its own app layer. base: tree 3 blocks/inodes + bookkeeping 8/8.
// app vN: root + /app + N one-block files: tree (2 + N) blocks/inodes, bookkeeping 11/11.
const base: LayerDef = { name: 'base', lines: ['d /etc', 'f /etc/os-release 100'] };
const app = (n: number): LayerDef => ({
  name: `app-${n}`,
  lines: ['d /app', ...Array.from({ length: n }, (_, i) => `f /app/f${i} 10`)],
});
const releases = [1, 2, 3, 4].map((n) => image(`app:${n}`, [base, app(n)]));
// What a release adds on top of another: its app layer (tree + bookkeeping) + its config.
const adds = (n: number) => ({ bytes: (2 + n + 11 + 1) * B, inodes: 2 + n + 11 + 1 });
// The first release also brings the base (3 + 8) and its committed marker (1 inode, no block).
const first = { bytes: adds(1).bytes + 11 * B, inodes: adds(1).inodes + 11 + 1 };

describe('footprint: rolling deploys keeping the last N', () => {
  it('adds each release, removes the oldest beyond N, and peaks while both are on the host', () => {
    const sim = simulateDeploys(releases, 2, opts);
    expect(sim.steps.map((s) => s.onHost)).toEqual([[1], [1, 2], [2, 3], [3, 4]]);
    expect(sim.steps.map((s) => s.removed)).toEqual([[], [], [1], [2]]);
    expect(sim.steps[0].added).toEqual(first);
    expect(sim.steps[1].added).toEqual(adds(2));
    expect(sim.steps[2].freed).toEqual(adds(1));
    expect(sim.steps[3].freed).toEqual(adds(2));
    // after step 4: base + app 3 + app 4
    const after4 = {
      bytes: first.bytes - adds(1).bytes + adds(3).bytes + adds(4).bytes,
      inodes: first.inodes - adds(1).inodes + adds(3).inodes + adds(4).inodes,
    };
    expect(sim.steps[3].after).toEqual(after4);
    // peak: step 4 holds app 2, 3 and 4 for a moment
    expect(sim.peak).toEqual({
      bytes: after4.bytes + adds(2).bytes,
      bytesStep: 4,
      inodes: after4.inodes + adds(2).inodes,
      inodesStep: 4,
    });
    expect(sim.steps[3].during).toEqual({ bytes: sim.peak.bytes, inodes: sim.peak.inodes });
  });

  it('keeps everything when N covers all releases, so the last step equals the host footprint of all', () => {
    const sim = simulateDeploys(releases, 4, opts);
    expect(sim.steps.every((s) => s.removed.length === 0)).toBe(true);
    expect(sim.steps[3].after).toEqual(hostFootprint(releases, opts).total);
    expect(sim.peak.bytes).toBe(hostFootprint(releases, opts).total.bytes);
  });

  it('with N = 1 never holds more than two releases', () => {
    const sim = simulateDeploys(releases, 1, opts);
    expect(sim.steps.map((s) => s.onHost)).toEqual([[1], [2], [3], [4]]);
    expect(sim.steps[3].during).toEqual(hostFootprint([releases[2], releases[3]], opts).total);
    expect(() => simulateDeploys(releases, 0, opts)).toThrow(RangeError);
  });
});

const host = (freeBytes: number, freeInodes: number | null): HostCapacity => ({
  path: '/var/lib/docker',
  blockSize: B,
  freeBytes,
  freeInodes,
  totalBytes: 10 * freeBytes,
  totalInodes: freeInodes,
});

describe('footprint: how many more releases fit (statfs arithmetic)', () => {
  it('divides free bytes and free inodes by what a release like the last adds; the smaller wins', () => {
    const last = adds(4); // 18 blocks, 18 inodes
    expect(last).toEqual({ bytes: 18 * B, inodes: 18 });
    // 1,000 blocks free -> 55 by disk; 2,000 inodes -> 111 by inodes: disk first
    expect(fitReleases(releases, host(1000 * B, 2000), opts)).toMatchObject({
      perRelease: last,
      modelledOn: 4,
      comparedWith: 3,
      byDisk: 55,
      byInodes: 111,
      releases: 55,
      limitedBy: 'disk',
    });
    // 100 inodes free -> 5 by inodes
    expect(fitReleases(releases, host(1000 * B, 100), opts)).toMatchObject({
      byDisk: 55,
      byInodes: 5,
      releases: 5,
      limitedBy: 'inodes',
    });
    // exactly 18 × 7 of each: both run out at 7
    expect(fitReleases(releases, host(18 * 7 * B, 18 * 7), opts)).toMatchObject({ releases: 7, limitedBy: 'both' });
    // not even one
    expect(fitReleases(releases, host(B, 1000), opts)).toMatchObject({ releases: 0, limitedBy: 'disk' });
  });

  it('models a single image as a release that shares nothing', () => {
    const fit = fitReleases([releases[0]], host(1000 * B, 1000), opts);
    expect(fit.perRelease).toEqual(first);
    expect(fit.comparedWith).toBeNull();
    expect(fit.byInodes).toBe(Math.floor(1000 / first.inodes));
  });

  it('lets disk alone decide where the file system has no fixed inode table, and says when a release adds nothing', () => {
    expect(fitReleases(releases, host(1000 * B, null), opts)).toMatchObject({
      byInodes: null,
      releases: 55,
      limitedBy: 'disk',
    });
    const same = fitReleases([releases[0], releases[0]], host(1000 * B, 1000), opts);
    expect(same).toMatchObject({ perRelease: { bytes: 0, inodes: 0 }, releases: null, limitedBy: 'none' });
  });
});

// dive's formulas on hand-computed examples. Every expected number is worked out in the
// comments from dive's rules (dive/filetree/efficiency.go, dive/image/image.go), never
// computed by the code under test.
import { describe, expect, it } from 'vitest';
import { mergeLayers } from '../../src/analysis/fs/merge.js';
import { diveWaste } from '../../src/analysis/waste/waste-dive.js';
import { scans } from './helpers.js';

const dive = (...layers: string[][]) => diveWaste(mergeLayers(scans(...layers)));

describe('diveWaste', () => {
  it("matches dive's own TestEfficency example (implicit directories)", () => {
    // Leaves: L1 nginx.conf 2000, public 3000; L2 nginx.conf 5000, athing 10000; L3 the
    // whiteout of /etc/nginx, which is no directory in dive's tree (never an entry): 0.
    // Σ cumulative = 20000, Σ smallest = 2000 + 3000 + 10000 + 0 = 15000 → 0.75.
    // Only nginx.conf is seen twice: wasted = 2000 + 5000 = 7000; user bytes = 15000 + 0.
    const d = dive(
      ['f /etc/nginx/nginx.conf 2000', 'f /etc/nginx/public 3000'],
      ['f /etc/nginx/nginx.conf 5000', 'f /etc/athing 10000'],
      ['w /etc/nginx'],
    );
    expect(d.efficiency).toBe(0.75);
    expect(d.wastedBytes).toBe(7000);
    expect(d.userBytes).toBe(15000);
    expect(d.userWastedPercent).toBeCloseTo(7000 / 15000, 12);
    expect(d.inefficientPaths).toBe(1);
    expect(d.top).toEqual([{ path: '/etc/nginx/nginx.conf', count: 2, cumulativeBytes: 7000, layers: [1, 2] }]);
  });

  it('sizes a whiteout of a real directory by what the lower layers hold below it', () => {
    // As above with directory entries. /etc and /etc/nginx have children in L1 and L2: not
    // leaves. L3's whiteout of /etc/nginx: below it after L1+L2: nginx.conf 5000 + public
    // 3000 = 8000, one visit. Σ cumulative = 2000+3000+5000+10000+8000 = 28000;
    // Σ smallest = 2000+3000+10000+8000 = 23000 → 23/28. Wasted still 7000.
    const d = dive(
      ['d /etc', 'd /etc/nginx', 'f /etc/nginx/nginx.conf 2000', 'f /etc/nginx/public 3000'],
      ['d /etc', 'd /etc/nginx', 'f /etc/nginx/nginx.conf 5000', 'f /etc/athing 10000'],
      ['d /etc', 'w /etc/nginx'],
    );
    expect(d.discoveredBytes).toBe(28000);
    expect(d.minimumBytes).toBe(23000);
    expect(d.efficiency).toBeCloseTo(23 / 28, 12);
    expect(d.wastedBytes).toBe(7000);
  });

  it('counts a file deleted later as wasted, and has no user percent without user bytes', () => {
    // /big: 1000 in L1, whiteout (a file: 0) in L2 → cumulative 1000, smallest 0.
    const d = dive(['f /big 1000'], ['w /big']);
    expect(d.efficiency).toBe(0);
    expect(d.wastedBytes).toBe(1000);
    expect(d.userBytes).toBe(0);
    expect(d.userWastedPercent).toBeNull();
  });

  it('counts every copy of a chmod-everything layer, base layer included', () => {
    // 5 files of 100..500 bytes written twice: cumulative 3000, smallest 1500 → 0.5.
    // Wasted = 3000 (layer 1 copies too); user bytes = layer 2 = 1500 → 200%.
    const files = [1, 2, 3, 4, 5].map((i) => `f /app/${i} ${i * 100}`);
    const d = dive(['d /app', ...files], ['d /app', ...files]);
    expect(d.efficiency).toBe(0.5);
    expect(d.wastedBytes).toBe(3000);
    expect(d.userWastedPercent).toBe(2);
    expect(d.inefficientPaths).toBe(5);
  });

  it('keeps the children of a directory implied by a later layer out of a whiteout (dive quirk)', () => {
    // L1: /a is an empty directory: a leaf, 0. L2 writes /a/y (20) without an /a entry, so
    // dive's stacked /a is no directory; L3's whiteout of /a then counts 0, not 20.
    // Σ cumulative = 0 + 20 + 0 = 20, Σ smallest = 20 → 1; /a is seen twice with 0 bytes.
    const quirk = dive(['d /a'], ['f /a/y 20'], ['w /a']);
    expect(quirk.efficiency).toBe(1);
    expect(quirk.wastedBytes).toBe(0);
    expect(quirk.inefficientPaths).toBe(1);
    // With an /a entry in L2, the whiteout counts 20: cumulative 20+20, smallest 0+20 → 0.5.
    const explicit = dive(['d /a'], ['d /a', 'f /a/y 20'], ['w /a']);
    expect(explicit.efficiency).toBe(0.5);
    expect(explicit.wastedBytes).toBe(20);
  });

  it('ignores opaque markers, as dive does', () => {
    // L2 empties /c and re-creates c/x: dive sees c/x twice (10, 10) and L2's /c is no leaf.
    const d = dive(['d /c', 'f /c/x 10', 'f /c/y 30'], ['d /c', 'o /c', 'f /c/x 10']);
    expect(d.wastedBytes).toBe(20);
    expect(d.efficiency).toBeCloseTo(40 / 50, 12);
  });
});

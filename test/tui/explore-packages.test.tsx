/**
 * The packages pane (P) through ink's real input path, on the samples scanned for real: the
 * rows of the package report with its totals, s sorting by size, inodes and name, enter
 * showing the package's files (the merged tree at the layer that added it, its directory
 * open under the cursor), "not read yet" before the analysis and "no packages found" without
 * any. Golden frames at 60×16, 80×24, 120×40 and 200×60.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Size } from '../helpers/explore-app.js';

vi.hoisted(() => {
  delete process.env.CI;
});

const { cleanup, KEY, openExplore, SIZE, typeKeys, GOLDEN_SIZES } = await import('../helpers/explore-app.js');
const { formatBytes, formatCount } = await import('../../src/render/common/format.js');

afterEach(() => cleanup());

const open = openExplore;
const keys = typeKeys;

/** The list's rows: the lines between the column headings and the selected package's line. */
function listRows(frame: string): string[] {
  const lines = frame.split('\n');
  const head = lines.findIndex((l) => /^ +ECO/.test(l));
  return lines.slice(head + 1, -3).filter((l) => l.trim());
}

/** A row's cells: ecosystem, name, version, size (as shown), inodes, layer, path. */
function cellsOf(row: string) {
  const m = row.match(/^[› ] (\S+) +(\S+) +(\S+) +(\S+ k?M?G?B) +([\d,]+) +(\d+)(?: +(\S+))?/);
  expect(m, row).not.toBeNull();
  const [, eco, name, version, size, inodes, layer, path] = m!;
  return { eco, name, version, size, inodes: Number(inodes.replace(/,/g, '')), layer: Number(layer), path };
}

function expectFits(frame: string, size: Size) {
  const lines = frame.split('\n');
  expect(lines).toHaveLength(size.rows - 1);
  for (const l of lines)
    expect(l.length, `wider than ${size.columns}: ${JSON.stringify(l)}`).toBeLessThanOrEqual(size.columns);
}

describe('packages pane', () => {
  it('P lists the packages of the report, largest first, with their totals; s sorts by inodes, then name', async () => {
    const { app, image, feed } = await open('samples/app-1.2.tar', { columns: 120, rows: 40 });
    const report = feed.getSnapshot().analysis!.packages;
    expect(report.packages.length).toBeGreaterThan(100);
    const bytes = report.totals.reduce((n, t) => n + t.bytes, 0);
    let frame = await keys(app, 'P');
    expect(frame).toContain(
      `▌ Packages by size · ${formatCount(report.packages.length)} packages · ${formatBytes(bytes)}`,
    );
    expect(frame).toContain(`1/${formatCount(report.packages.length)}`);
    let rows = listRows(frame).map(cellsOf);
    const top = report.packages[0];
    expect(rows[0]).toMatchObject({
      eco: 'npm',
      name: top.name,
      version: top.version,
      size: formatBytes(top.bytes),
      inodes: top.inodes,
      layer: top.addedIn,
      path: top.path,
    });
    expect(rows.map((r) => r.name)).toEqual(report.packages.slice(0, rows.length).map((p) => p.name));
    expect(frame).toMatch(new RegExp(`${top.path} · added by layer ${top.addedIn} RUN`));

    frame = await keys(app, 's');
    expect(frame).toMatch(/Packages by inodes/);
    rows = listRows(frame).map(cellsOf);
    const mostInodes = Math.max(...report.packages.map((p) => p.inodes));
    expect(rows[0].inodes).toBe(mostInodes);
    for (let i = 1; i < rows.length; i++) expect(rows[i].inodes).toBeLessThanOrEqual(rows[i - 1].inodes);

    frame = await keys(app, 's');
    expect(frame).toMatch(/Packages by name/);
    const names = listRows(frame).map((r) => cellsOf(r).name);
    expect(names).toEqual([...report.packages.map((p) => p.name)].sort().slice(0, names.length));

    frame = await keys(app, 'j', 'G');
    expect(frame).toContain(`${formatCount(report.packages.length)}/${formatCount(report.packages.length)}`);
    await image.close();
  });

  it("enter shows the package's files: the merged tree at the layer that added it, its directory open under the cursor", async () => {
    const { app, image, feed } = await open('samples/app-1.2.tar');
    const pkg = feed.getSnapshot().analysis!.packages.packages[1];
    const frame = await keys(app, 'P', 'j', KEY.enter);
    expect(frame).not.toMatch(/▌ Packages/);
    expect(frame).toMatch(new RegExp(`▌ Files layer ${pkg.addedIn} · merged`));
    const lines = frame.split('\n');
    const files = lines.findIndex((l) => /Files layer/.test(l));
    const at = lines.findIndex((l, i) => i > files && l.startsWith('›'));
    const dir = pkg.path.split('/').at(-1)!;
    expect(lines[at]).toMatch(new RegExp(`▾ ${dir}/ +${formatBytes(pkg.bytes).replace('.', '\\.')}`));
    // Its entries follow, one level deeper.
    expect(lines[at + 1]).toMatch(/package\.json|\.js|\//);
    // Back in the pane, P and esc close it.
    expect(await keys(app, 'P')).toMatch(/▌ Packages/);
    expect(await keys(app, 'P')).not.toMatch(/▌ Packages/);
    expect(await keys(app, 'P', KEY.esc)).not.toMatch(/▌ Packages/);
    await image.close();
  });

  it('says "not read yet" while the image is analysed and "no packages found" in an image without any', async () => {
    const pending = await open('samples/app-1.2.tar', SIZE, false);
    const waiting = await keys(pending.app, 'P');
    expect(waiting).toMatch(/▌ Packages packages not read yet/);
    expect(waiting).toContain('packages not read yet: the image is being analysed');
    expect(await keys(pending.app, KEY.enter)).toMatch(/▌ Packages/);
    pending.app.unmount();
    await pending.image.close();
    const none = await open('samples/wasteful.tar');
    const frame = await keys(none.app, 'P');
    expect(frame).toMatch(/▌ Packages by size · 0 packages · 0 B/);
    expect(frame).toContain('  no packages found');
    await none.image.close();
  });
});

describe('the packages pane at every size (golden)', () => {
  for (const size of GOLDEN_SIZES) {
    const name = `${size.columns}x${size.rows}`;
    it(`${name}: the packages pane fits, sorted by size and by inodes`, async () => {
      const { app, image } = await open('samples/app-1.2.tar', size);
      const frame = await keys(app, 'P', 'j');
      expectFits(frame, size);
      await expect(frame).toMatchFileSnapshot(`../golden/explore-packages-${name}.txt`);
      expectFits(await keys(app, 's'), size);
      await image.close();
    });
  }
});

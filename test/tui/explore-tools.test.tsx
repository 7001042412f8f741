/**
 * What dive users reach for, through ink's real input path: attributes (i), expand / collapse
 * all (e, c), a path's history (p), the waste pane (w, s, enter), size and inode filter terms,
 * and the selected layer's identity in details. Golden frames for the new panes at 60×16,
 * 80×24, 120×40 and 200×60.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { steady } from '../helpers/frames.js';

vi.hoisted(() => {
  delete process.env.CI;
});

const { cleanup, KEY, openExplore, SIZE, typeKeys, GOLDEN_SIZES } = await import('../helpers/explore-app.js');
const { openImage } = await import('../../src/source/open-image.js');
const { buildImage, writeOciLayout } = await import('../fixtures/image-builder/index.js');

let dir: string;
let owned: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerscope-tools-'));
  owned = join(dir, 'owned');
  const image = buildImage({
    layers: [
      {
        createdBy: 'ADD rootfs.tar /',
        entries: [
          { type: 'dir', path: 'srv', uid: 33, gid: 33, mode: 0o750 },
          { type: 'file', path: 'srv/app', size: 4000, uid: 1000, gid: 100, mode: 0o4755 },
          { type: 'symlink', path: 'srv/current', target: 'app' },
          { type: 'dir', path: 'tmp', mode: 0o1777 },
          { type: 'file', path: 'tmp/small', size: 10 },
        ],
      },
      {
        createdBy:
          'RUN chown -R 2000:2000 /srv && apt-get install -y a-very-long-package-name another-long-package-name yet-another-package',
        entries: [
          { type: 'dir', path: 'srv', uid: 2000, gid: 2000, mode: 0o750 },
          { type: 'file', path: 'srv/app', size: 4000, uid: 2000, gid: 2000, mode: 0o4755 },
        ],
      },
    ],
  });
  writeOciLayout(owned, [{ image, tag: 'owned' }]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => cleanup());

const open = async (path: string, size = SIZE) => {
  const { app, image } = await openExplore(path, size);
  return { app, image };
};
const keys = typeKeys;

const filesRows = (frame: string) => {
  const lines = frame.split('\n');
  const start = lines.findIndex((l) => /Files layer/.test(l));
  const end = lines.findIndex((l, i) => i > start && /─ Details/.test(l));
  return lines.slice(start + 1, end).filter((l) => l.trim());
};

function expectFits(frame: string, size: { columns: number; rows: number }) {
  const lines = frame.split('\n');
  expect(lines).toHaveLength(size.rows - 1);
  for (const l of lines)
    expect(l.length, `wider than ${size.columns}: ${JSON.stringify(l)}`).toBeLessThanOrEqual(size.columns);
}

describe('attributes, expand all, collapse all', () => {
  it('i shows mode (rwx, setuid, sticky) and uid:gid of each entry; links keep their target', async () => {
    const { app, image } = await open(owned);
    const frame = await keys(app, KEY.tab, 'e', 'i');
    const rows = filesRows(frame);
    expect(rows.find((r) => r.includes('srv/'))).toMatch(/drwxr-x--- +33:33 ▾ srv\//);
    expect(rows.find((r) => r.includes(' app '))).toMatch(/-rwsr-xr-x +1000:100 +app +4\.00 kB/);
    expect(rows.find((r) => r.includes('current'))).toMatch(/lrwxrwxrwx +0:0 +current → app/);
    expect(rows.find((r) => r.includes('tmp/'))).toMatch(/drwxrwxrwt +0:0 ▾ tmp\//);
    const off = await keys(app, 'i');
    expect(filesRows(off).join('\n')).not.toMatch(/rwx/);
    await image.close();
  });

  it('e opens every directory and keeps the cursor on its row; c closes them all', async () => {
    const { app, image } = await open('samples/wasteful.tar');
    let frame = await keys(app, 'j', KEY.tab, 'j');
    expect(filesRows(frame)).toEqual([expect.stringMatching(/^ ~ ▸ tmp\//), expect.stringMatching(/^›~ ▸ var\//)]);
    frame = await keys(app, 'e');
    const rows = filesRows(frame);
    expect(rows.length).toBeGreaterThan(6);
    expect(rows.find((r) => r.startsWith('›'))).toMatch(/▾ var\//);
    expect(rows.some((r) => /▾ lists\//.test(r))).toBe(true);
    frame = await keys(app, 'c');
    expect(filesRows(frame)).toEqual([expect.stringMatching(/^›~ ▸ tmp\//), expect.stringMatching(/^ ~ ▸ var\//)]);
    await image.close();
  });
});

describe('path history', () => {
  it('p lists every layer that touched the row: added, overwritten (content unknown: same size), mode only, with commands', async () => {
    const { app, image } = await open('samples/wasteful.tar');
    const frame = await keys(app, 'G', KEY.tab, 'e', '/', 'd', 'a', 't', 'a', KEY.enter, 'j', 'p');
    expect(frame).toMatch(/▌ History \/app\/data\.json · p esc q close/);
    const flat = frame.replace(/\s+/g, ' ');
    expect(flat).toMatch(/layer 3 added file 512 kB -rw-r--r-- 0:0 COPY \. \/app layer 5/);
    expect(flat).toMatch(
      /layer 5 modified file 512 kB → 512 kB -rw-r--r-- 0:0 rewritten \(same size, mode and owner\) RUN node scripts\/refresh-data\.js/,
    );
    expect(flat).toMatch(/layer 6 mode\/owner file 512 kB → 512 kB -rwxr-xr-x 0:0 mode RUN chmod -R 755 \/app/);
    expect(frame).toContain('in the final file system');
    for (const close of ['p', KEY.esc, 'q']) {
      const closed = await keys(app, close);
      expect(closed).toMatch(/Files layer 6/);
      await keys(app, 'p');
    }
    await image.close();
  });

  it('a deleted file shows the whiteout that removed it', async () => {
    const { app, image } = await open('samples/wasteful.tar');
    const frame = await keys(app, 'j', 'j', 'j', KEY.tab, KEY.enter, 'j', 'p');
    expect(frame).toMatch(/layer 2 +added +file +2\.10 MB/);
    expect(frame).toMatch(
      /layer 4 +removed +file +2\.10 MB → gone +whiteout of \/tmp\/big\.bin\n +RUN rm \/tmp\/big\.bin/,
    );
    expect(frame).toContain('not in the final file system');
    await image.close();
  });
});

describe('waste pane', () => {
  it("w shows dive's inefficient files; s sorts; w again the reclaimable entries with blame; enter jumps to the file in its layer", async () => {
    const { app, image } = await open('samples/wasteful.tar');
    let frame = await keys(app, 'w');
    const row = (f: string, path: string) => f.split('\n').filter((l) => l.includes(path));
    expect(frame).toMatch(/▌ Waste by wasted · dive's inefficient files: 5 · wasted 3\.64 MB/);
    expect(frame).toMatch(/› +2 +2\.10 MB +2,4 +\/tmp\/big\.bin/);
    expect(row(frame, '/app/data.json')[0]).toMatch(/ +3 +1\.54 MB +3,5,6 +\/app\/data\.json/);
    expect(frame).toMatch(/layer 2 RUN apt-get update .*· last: layer 4|layer 2 RUN apt-get update/);
    frame = await keys(app, 's');
    expect(frame).toMatch(/by copies/);
    expect(frame).toMatch(/› +3 +1\.54 MB +3,5,6 +\/app\/data\.json/);
    frame = await keys(app, 'w');
    expect(frame).toMatch(/▌ Waste by size · reclaimable 3\.13 MB \/ 6 inodes/);
    expect(frame).toMatch(/› +2\.10 MB +2 +4 +deleted +\/tmp\/big\.bin/);
    expect(row(frame, '/app/data.json')).toEqual([
      expect.stringMatching(/512 kB +3 +5 +overwritten/),
      expect.stringMatching(/512 kB +5 +6 +overwritten/),
    ]);
    frame = await keys(app, 's');
    expect(frame).toMatch(/by layer/);
    frame = await keys(app, 'G');
    expect(frame).toMatch(/› +512 kB +5 +6 +overwritten +\/app\/data\.json/);
    expect(frame).toMatch(/written by layer 5 RUN node scripts\/refresh-data\.js · overwritten by layer 6 RU…/);
    frame = await keys(app, KEY.enter);
    expect(frame).toMatch(/›\s+5\s/);
    expect(frame).toMatch(/▌ Files layer 5 · changes/);
    expect(filesRows(frame).find((r) => r.startsWith('›'))).toMatch(/data\.json +512 kB/);
    await image.close();
  });
});

describe('filter by size and inodes', () => {
  it('>1MB keeps the big files, inodes>40 the heavy directories, a bad unit says why', async () => {
    const { app, image } = await open('samples/wasteful.tar');
    let frame = await keys(app, 'v', 'j', KEY.tab, '/', '>', '1', 'M', 'B', KEY.enter);
    expect(frame).toMatch(/\/>1MB\//);
    let rows = filesRows(frame);
    expect(rows.some((r) => /big\.bin +2\.10 MB/.test(r))).toBe(true);
    expect(rows.every((r) => /\/ |big\.bin/.test(r))).toBe(true);
    frame = await keys(app, KEY.esc, '/', 'i', 'n', 'o', 'd', 'e', 's', '>', '4', '0', KEY.enter);
    rows = filesRows(frame);
    expect(rows.some((r) => /lists\/ +1\.03 MB +4[1-9]/.test(r))).toBe(true);
    expect(rows.every((r) => /\/ /.test(r))).toBe(true);
    frame = await keys(app, KEY.esc, '/', '>', '1', 'X', 'B');
    expect(frame.split('\n').at(-1)).toMatch(/filter \(regex\): >1XB .*"1XB" is not a size/);
    await image.close();
  });
});

describe('details of the selected layer', () => {
  it('the whole command, wrapped, with its sizes, diffID and blob digest', async () => {
    const { app, image } = await open(owned);
    const scanned = await openImage(owned, {});
    const [, layer2] = scanned.layers;
    await scanned.close();
    await keys(app, 'j', KEY.tab, KEY.tab);
    // The details pane scrolls: gather every line it shows, a line at a time.
    const seen: string[] = [];
    for (let i = 0; i < 14; i++) {
      const f = await keys(app, 'j');
      for (const l of f
        .slice(f.search(/[─▌] Details/))
        .split('\n')
        .slice(1, -1))
        if (!seen.includes(l)) seen.push(l);
    }
    const details = seen.join('\n');
    const flat = details.replace(/\s+/g, '');
    expect(flat).toContain(
      'Layer2RUNchown-R2000:2000/srv&&apt-getinstall-ya-very-long-package-nameanother-long-package-nameyet-another-package',
    );
    expect(flat).toContain(`diffID${layer2.diffID}`);
    expect(flat).toContain(`digest${layer2.digest}`);
    expect(details).toMatch(/size +4\.00 kB unpacked · \d+ B compressed \(gzip\) · 2 inodes/);
    await image.close();
  });
});

describe('a burst of the new keys lands as typed slowly', () => {
  // (No esc inside a burst: a terminal sends esc + a key as one alt+key.)
  it('w s j w enter, e i, and p q w give the same frame fast or slow', async () => {
    for (const burst of [`wsjw${KEY.enter}`, `jj${KEY.tab}ei`, `G${KEY.tab}epqw`]) {
      const slow = await open('samples/wasteful.tar');
      const slowFrame = await keys(slow.app, ...burst.split(''));
      slow.app.unmount();
      await slow.image.close();
      const fast = await open('samples/wasteful.tar');
      fast.app.stdin.write(burst);
      expect(await steady(fast.app.lastFrame)).toBe(slowFrame);
      await fast.image.close();
    }
  });
});

describe('the new panes at every size (golden)', () => {
  for (const size of GOLDEN_SIZES) {
    const name = `${size.columns}x${size.rows}`;
    it(`${name}: waste pane, reclaimable list, path history and attributes fit`, async () => {
      const { app, image } = await open('samples/wasteful.tar', size);
      const waste = await keys(app, 'w');
      expectFits(waste, size);
      await expect(waste).toMatchFileSnapshot(`../golden/explore-waste-${name}.txt`);
      const reclaimable = await keys(app, 'w');
      expectFits(reclaimable, size);
      await expect(reclaimable).toMatchFileSnapshot(`../golden/explore-reclaimable-${name}.txt`);
      const history = await keys(app, KEY.esc, 'G', KEY.tab, 'e', 'G', 'p');
      expectFits(history, size);
      await expect(history).toMatchFileSnapshot(`../golden/explore-history-${name}.txt`);
      const attributes = await keys(app, KEY.esc, 'i');
      expectFits(attributes, size);
      await expect(attributes).toMatchFileSnapshot(`../golden/explore-attributes-${name}.txt`);
      await image.close();
    });
  }
});

/**
 * The explore screens as frames, 80×24, drawn by ink from real images (the samples) scanned
 * for real. Keys go in through ink's stdin, as a terminal would send them.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { plain, waitFor } from '../helpers/frames.js';

// Colours on, whatever the test runner's stdout is: NO_COLOR must be what turns them off.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
  delete process.env.NO_COLOR;
  delete process.env.CI;
});

const { render, cleanup } = await import('ink-testing-library');
const { createElement } = await import('react');
const { App } = await import('../../src/tui/app/App.js');
const { BINDINGS } = await import('../../src/tui/state/keys.js');
const { ImageFeed } = await import('../../src/tui/feed/image-feed.js');
const { openImage } = await import('../../src/source/open-image.js');
const { ScanSession } = await import('../../src/scan/scan-image.js');

const SIZE = { columns: 80, rows: 24 };
const COLOUR = /\u001b\[(3[0-7]|9[0-7]|38;)/;

const press = async (app: ReturnType<typeof render>, ...keys: string[]) => {
  for (const k of keys) {
    app.stdin.write(k);
    await new Promise((r) => setTimeout(r, 30));
  }
};

const KEY = { down: '\u001b[B', up: '\u001b[A', tab: '\t', enter: '\r', esc: '\u001b' };

async function open(path: string, opts: { color?: boolean; scan?: boolean } = {}) {
  const image = await openImage(path, {});
  const feed = new ImageFeed(image, { idleMs: 0 });
  const app = render(createElement(App, { feed, color: opts.color ?? false, size: SIZE, settleMs: 0 }));
  if (opts.scan !== false) await feed.start(new ScanSession(), new AbortController().signal);
  return { app, feed, close: () => image.close() };
}

const lines = (frame: string) => frame.split('\n');

afterEach(() => cleanup());

describe('explore frames (80×24)', () => {
  let app12: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    app12 = await open('samples/app-1.2.tar', { scan: false });
  });

  it('opens with the layer list from metadata before any layer is read', async () => {
    const frame = await waitFor(app12.app.lastFrame, (f) => f.includes('Layers'));
    const l = lines(frame);
    expect(l).toHaveLength(23); // one line free under the footer
    expect(l.every((x) => x.length <= 80)).toBe(true);
    expect(l[0]).toMatch(/^layerscope app:1\.2 +linux\/amd64 +scanning 0\/4 layers/);
    expect(frame).toContain('ADD rootfs.tar /');
    expect(frame).toContain('RUN /bin/sh -c npm ci');
    expect(frame.match(/queued/g)).toHaveLength(4);
    expect(frame).toContain('scanning… the files appear once layer 1 is read');
    expect(l[22]).toMatch(/^↑↓ move {2}tab pane .* q quit$/);
    app12.app.unmount();
    await app12.close();
  });

  it('fills in as the layers are scanned: numbers, share bars, files, summary', async () => {
    const { app, close } = await open('samples/app-1.2.tar');
    const frame = await waitFor(app.lastFrame, (f) => f.includes('efficiency'));
    expect(frame).toContain('4 layers scanned');
    expect(frame).toMatch(/› +1 +180 kB +— +35 +51 ▋ +ADD rootfs\.tar \//);
    expect(frame).toMatch(/ 3 +2\.09 MB +— +2,490 +3,204 ███████▎ RUN/);
    expect(frame).toMatch(/─ Files layer 1 · changes · by size · \+~-u/);
    expect(frame).toMatch(/›\+ ▸ usr\/ +172 kB +35/);
    expect(frame).toContain('Image    2.33 MB unpacked · — compressed · 3,287 inodes · 4 layers');
    expect(frame).toContain('Waste    efficiency 100.0% · reclaimable 0 B / 0 inodes');
    await close();
  });

  it('moves, switches pane, expands, toggles the view and filters', async () => {
    const { app, close } = await open('samples/app-1.2.tar');
    await waitFor(app.lastFrame, (f) => f.includes('efficiency'));
    await press(app, 'j', 'j');
    let frame = await waitFor(app.lastFrame, (f) => f.includes('Files layer 3') && f.includes('›~ ▸ app/'));
    expect(frame).toMatch(/› +3 +2\.09 MB/);
    expect(frame).toMatch(/Layer 3 +RUN \/bin\/sh -c npm ci/);
    await press(app, KEY.tab, KEY.enter);
    frame = await waitFor(app.lastFrame, (f) => f.includes('▾ app/'));
    expect(frame).toMatch(/▌ Files layer 3/);
    expect(frame).toMatch(/ \+ +▸ node_modules\/ +2\.09 MB +3,20\d/);
    await press(app, 'v');
    frame = await waitFor(app.lastFrame, (f) => f.includes('· merged ·'));
    expect(frame).toMatch(/›~ ▾ app\/ +2\.09 MB +3,206/); // still open; re-written by layer 3
    expect(frame).toMatch(/\n {7}package\.json +1\.04 kB +1\n/); // from layer 2: unmodified, no mark
    expect(frame).toMatch(/\n {3}▸ usr\/ +172 kB +35\n/);
    await press(app, '/', 'p', 'a', 'c', 'k', 'a', 'g', 'e', '\\', '.', 'j', 's', 'o', 'n', '$');
    frame = await waitFor(app.lastFrame, (f) => f.includes('/package\\.json$/'));
    expect(lines(frame)[22]).toMatch(/^filter \(regex\): package\\\.json\$ {3}enter keep · esc clear/);
    await press(app, KEY.enter);
    frame = await waitFor(app.lastFrame, (f) => f.startsWith('layerscope') && !f.includes('filter (regex)'));
    const files = lines(frame).slice(8, 17).join('\n');
    expect(files).toMatch(/▾ app\//);
    expect(files).toMatch(/  package\.json/);
    expect(files).not.toMatch(/usr\//);
    await press(app, KEY.esc);
    frame = await waitFor(app.lastFrame, (f) => !f.includes('/package'));
    expect(frame).toMatch(/▸ usr\//);
    await close();
  });

  it('the details pane shows waste with blame and the hints of the selected layer', async () => {
    const { app, close } = await open('samples/wasteful.tar');
    await waitFor(app.lastFrame, (f) => f.includes('efficiency'));
    await press(app, 'j', KEY.tab, KEY.tab);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('Layer 2'));
    expect(frame).toContain('Waste    efficiency 35.6% · reclaimable 3.13 MB / 6 inodes');
    expect(frame).toMatch(/▌ Details/);
    await press(app, 'G');
    const scrolled = await waitFor(app.lastFrame, (f) => f.includes('hint'));
    expect(scrolled).toMatch(/layer 4 `RUN rm \/tmp\/big\.bin` deleted 2\.10 MB/);
    expect(scrolled).toMatch(/hint +apt lists left in layer 2: 1\.03 MB, 41 files/);
    await close();
  });

  it('? shows every key from the key table; esc closes it', async () => {
    const { app, close } = await open('samples/app-1.2.tar', { scan: false });
    await press(app, '?');
    const frame = await waitFor(app.lastFrame, (f) => f.includes('Keys'));
    for (const b of BINDINGS) expect(frame).toContain(`${b.label.padEnd(12)}${b.help}`);
    expect(frame).toContain('+ added  ~ modified  - removed');
    expect(frame).not.toContain('Layers');
    await press(app, KEY.esc);
    await waitFor(app.lastFrame, (f) => f.includes('Layers'));
    await close();
  });

  it('follows the terminal size: a taller screen gets more file rows', async () => {
    const image = await openImage('samples/app-1.2.tar', {});
    const feed = new ImageFeed(image, { idleMs: 0 });
    const app = render(createElement(App, { feed, color: false, size: { columns: 100, rows: 40 }, settleMs: 0 }));
    await feed.start(new ScanSession(), new AbortController().signal);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('efficiency'));
    expect(lines(frame)).toHaveLength(39);
    expect(Math.max(...lines(frame).map((l) => l.length))).toBe(100);
    await image.close();
  });

  it('uses colour only when asked (NO_COLOR turns it off)', async () => {
    const coloured = await open('samples/app-1.2.tar', { color: true });
    await waitFor(coloured.app.lastFrame, (f) => f.includes('efficiency'));
    expect(coloured.app.lastFrame()).toMatch(COLOUR);
    await coloured.close();
    const mono = await open('samples/app-1.2.tar', { color: false });
    await waitFor(mono.app.lastFrame, (f) => f.includes('efficiency'));
    expect(mono.app.lastFrame()).not.toMatch(COLOUR);
    expect(plain(mono.app.lastFrame())).toMatch(/›\+ ▸ usr\//); // the cursor and marks need no colour
    await mono.close();
  });
});

describe('explore --compare frames (80×24)', () => {
  it('shows both images step by step, shared and new marked, and the diff of the selected step', async () => {
    const { CompareApp } = await import('../../src/tui/app/CompareApp.js');
    const { CompareFeed } = await import('../../src/tui/feed/compare-feed.js');
    const [a, b] = await Promise.all([openImage('samples/app-1.1.tar', {}), openImage('samples/app-1.2.tar', {})]);
    const feed = new CompareFeed(
      new ImageFeed(a, { idleMs: 0, hashContent: true }),
      new ImageFeed(b, { idleMs: 0, hashContent: true }),
      0,
    );
    const app = render(createElement(CompareApp, { feed, color: false, size: SIZE, settleMs: 0 }));
    const first = await waitFor(app.lastFrame, (f) => f.includes('Steps'));
    expect(first).toMatch(/› +1 +… ADD rootfs\.tar \/ +│ shared/); // marks from metadata, sizes still unknown
    await feed.start(new ScanSession(), new AbortController().signal);
    let frame = await waitFor(app.lastFrame, (f) => /scanned\n/.test(f) && f.includes('Reuse    2 of 4'));
    expect(frame).toContain('shared: the same layer on the same base (chain ID); nothing to pull');
    expect(frame).toContain('layerscope app:1.1 → app:1.2  scanned');
    expect(frame).toMatch(/ 3 +2\.04 MB RUN \/bin\/sh -c npm ci +│ new +2\.09 MB/);
    expect(frame).toMatch(/Files step 1 diff · changes · by size · \+~-·/);
    expect(frame).toContain('no differences at this step (u shows the unmodified files)');
    await press(app, 'j', 'j', 'j');
    await waitFor(app.lastFrame, (f) => f.includes('Files step 4') && f.includes('▸ app/'));
    await press(app, KEY.tab, KEY.enter);
    frame = await waitFor(app.lastFrame, (f) => f.includes('▾ app/'));
    expect(frame).toMatch(/Step 4 +A: COPY \. \/app\n +B: COPY \. \/app\n +\+\d+ added \([^)]*\) · ~\d+ modified/);
    const files = lines(frame).slice(8, 17);
    expect(files.filter((l) => /^.[+~-] /.test(l)).length).toBeGreaterThan(0);
    // Unmodified entries are hidden: a row without a mark is a directory with changes below.
    expect(files.filter((l) => /^. /.test(l) && l.trim()).every((l) => /\/ /.test(l))).toBe(true);
    await press(app, 'u');
    frame = await waitFor(app.lastFrame, (f) => f.includes('+~-u'));
    await press(app, KEY.tab, KEY.tab, 'g');
    frame = await waitFor(app.lastFrame, (f) => f.includes('Files step 1'));
    expect(frame).toMatch(/\n› {2}▸ usr\/ +172 kB/); // a shared step: everything unmodified, shown with u
    await Promise.all([a.close(), b.close()]);
  });
});

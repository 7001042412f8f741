/**
 * The explore screen through ink's real input path (ink-testing-library's stdin): a burst of
 * keys in one write gives exactly the screen the same keys typed slowly give, also while the
 * scan runs; every size from 60×16 up fits (golden frames at 60×16, 80×24, 120×40, 200×60);
 * resizes re-lay out; a layer whose scan fails shows `error`, its message and the count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { waitFor, steady } from '../helpers/frames.js';

vi.hoisted(() => {
  delete process.env.CI;
});

const { render, cleanup } = await import('ink-testing-library');
const { createElement } = await import('react');
const { App } = await import('../../src/tui/app/App.js');
const { ImageFeed } = await import('../../src/tui/feed/image-feed.js');
const { openImage } = await import('../../src/source/open-image.js');
const { ScanSession } = await import('../../src/scan/scan-image.js');
const { writeCorruptArchive } = await import('./corrupt-image.js');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KEY = { down: '\u001b[B', up: '\u001b[A', tab: '\t', enter: '\r', esc: '\u001b' };
const dir = mkdtempSync(join(tmpdir(), 'layerscope-screen-'));

afterEach(() => cleanup());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(
  path: string,
  size: { columns: number; rows: number },
  opts: { scan?: 'await' | 'background' | 'none' } = {},
) {
  const image = await openImage(path, {});
  const feed = new ImageFeed(image, { idleMs: 0 });
  const quits: string[] = [];
  const app = render(
    createElement(App, { feed, color: false, size, settleMs: 0, onQuit: (r: string) => quits.push(r) }),
  );
  const scan = opts.scan === 'none' ? Promise.resolve() : feed.start(new ScanSession(), new AbortController().signal);
  if ((opts.scan ?? 'await') === 'await') await scan;
  return { app, feed, image, scan, quits };
}

const SIZE = { columns: 80, rows: 24 };

describe('every key lands', () => {
  const sequences = [
    'jjj',
    `jj${KEY.tab}${KEY.enter}jjjj`,
    `${KEY.tab}${KEY.enter}jjj${KEY.enter}jj${KEY.down}${KEY.down}`,
    `jj${KEY.tab}${KEY.enter}j${KEY.enter}jjvjs`,
    `?jj?${KEY.tab}${KEY.tab}G`,
  ];

  for (const keys of sequences) {
    it(`a burst equals the keys typed slowly: ${JSON.stringify(keys)}`, async () => {
      const slow = await open('samples/app-1.2.tar', SIZE);
      await waitFor(slow.app.lastFrame, (f) => f.includes('efficiency'));
      for (const k of keys.match(/\u001b\[[A-D]|./gs)!) {
        slow.app.stdin.write(k);
        await sleep(40);
      }
      const slowFrame = await steady(slow.app.lastFrame);
      slow.app.unmount();
      await slow.image.close();

      const fast = await open('samples/app-1.2.tar', SIZE);
      await waitFor(fast.app.lastFrame, (f) => f.includes('efficiency'));
      fast.app.stdin.write(keys);
      expect(await steady(fast.app.lastFrame)).toBe(slowFrame);
      await fast.image.close();
    });
  }

  it('while the scan runs, a burst lands whole: jjj is layer 4, as jjj typed slowly once scanned', async () => {
    const busy = await open('samples/wasteful.tar', SIZE, { scan: 'background' });
    busy.app.stdin.write('jjj');
    await busy.scan;
    const frame = await steady(busy.app.lastFrame);
    expect(frame).toMatch(/›\s+4\s/);
    busy.app.unmount();
    await busy.image.close();
    const idle = await open('samples/wasteful.tar', SIZE);
    for (const k of 'jjj') {
      idle.app.stdin.write(k);
      await sleep(40);
    }
    expect(await steady(idle.app.lastFrame)).toBe(frame);
    await idle.image.close();
  });

  it('q quits, ctrl+c interrupts, and q in the help only closes it', async () => {
    const a = await open('samples/app-1.2.tar', SIZE, { scan: 'none' });
    a.app.stdin.write('?');
    await waitFor(a.app.lastFrame, (f) => f.includes('Keys'));
    a.app.stdin.write('q');
    await waitFor(a.app.lastFrame, (f) => f.includes('Layers'));
    expect(a.quits).toEqual([]);
    a.app.stdin.write('q');
    await waitFor(
      () => String(a.quits.length),
      (n) => n === '1',
    );
    expect(a.quits).toEqual(['quit']);
    await a.image.close();
    const b = await open('samples/app-1.2.tar', SIZE, { scan: 'none' });
    b.app.stdin.write('\u0003');
    await waitFor(
      () => String(b.quits.length),
      (n) => n === '1',
    );
    expect(b.quits).toEqual(['interrupt']);
    await b.image.close();
  });
});

const GOLDEN = [
  { columns: 60, rows: 16 },
  { columns: 80, rows: 24 },
  { columns: 120, rows: 40 },
  { columns: 200, rows: 60 },
];

function expectFits(frame: string, size: { columns: number; rows: number }) {
  const lines = frame.split('\n');
  expect(lines).toHaveLength(size.rows - 1);
  for (const l of lines)
    expect(l.length, `wider than ${size.columns}: ${JSON.stringify(l)}`).toBeLessThanOrEqual(size.columns);
  expect(lines[lines.length - 1]).toMatch(/\? help {2}q quit$/);
}

describe('every size from 60×16 up', () => {
  for (const size of [...GOLDEN, { columns: 64, rows: 18 }, { columns: 70, rows: 20 }, { columns: 100, rows: 30 }]) {
    const name = `${size.columns}x${size.rows}`;
    const golden = GOLDEN.includes(size);
    it(`${name}: no line wider than the terminal, the footer keeps ? help and q quit${golden ? ' (golden)' : ''}`, async () => {
      const { app, image, feed } = await open('samples/wasteful.tar', size);
      await waitFor(
        () => String(feed.getSnapshot().analysis !== null),
        (x) => x === 'true',
      );
      app.stdin.write(`j${KEY.tab}${KEY.enter}j`);
      const frame = await steady(app.lastFrame);
      expectFits(frame, size);
      expect(frame).toMatch(/INODES/); // headings are never cut
      if (golden) await expect(frame).toMatchFileSnapshot(`../golden/explore-${name}.txt`);
      app.stdin.write('?');
      const help = await waitFor(app.lastFrame, (f) => f.includes('Keys'));
      expectFits(help, size);
      if (golden) await expect(help).toMatchFileSnapshot(`../golden/explore-help-${name}.txt`);
      await image.close();
    });
  }

  it('the help scrolls at 60×16 and closes with ?, esc and q', async () => {
    const size = { columns: 60, rows: 16 };
    const { app, image } = await open('samples/app-1.2.tar', size, { scan: 'none' });
    for (const close of ['?', KEY.esc, 'q']) {
      app.stdin.write('?');
      let help = await waitFor(app.lastFrame, (f) => f.includes('Keys'));
      const total = Number(/1–\d+\/(\d+)/.exec(help)![1]);
      expect(total).toBeGreaterThan(12); // more than fits
      app.stdin.write('G');
      help = await waitFor(app.lastFrame, (f) => f.includes(`/${total}`) && !f.includes('1–'));
      expect(help).toContain('esc clears it.'); // the last note line
      expectFits(help, size);
      app.stdin.write(close);
      await waitFor(app.lastFrame, (f) => f.includes('Layers') && !f.includes('Keys'));
    }
    await image.close();
  });

  it('re-lays out on resize: more rows, wider columns, nothing left over', async () => {
    const image = await openImage('samples/wasteful.tar', {});
    const feed = new ImageFeed(image, { idleMs: 0 });
    const app = render(createElement(App, { feed, color: false, size: { columns: 120, rows: 40 }, settleMs: 0 }));
    await feed.start(new ScanSession(), new AbortController().signal);
    await waitFor(app.lastFrame, (f) => f.includes('efficiency'));
    for (const size of [
      { columns: 60, rows: 16 },
      { columns: 200, rows: 60 },
      { columns: 80, rows: 24 },
    ]) {
      app.rerender(createElement(App, { feed, color: false, size, settleMs: 0 }));
      const frame = await steady(app.lastFrame, 200);
      expectFits(frame, size);
      expect(frame.includes('COMPR')).toBe(size.columns >= 69);
    }
    await image.close();
  });
});

describe('errors are visible', () => {
  it('a layer that fails shows error in its row, its message in details, and the count in the header', async () => {
    const path = join(dir, 'corrupt.tar');
    writeCorruptArchive(path);
    const { app, image, feed } = await open(
      `docker-archive:${path}`,
      { columns: 120, rows: 40 },
      { scan: 'background' },
    );
    await waitFor(app.lastFrame, (f) => f.includes('1 of 3 layers failed'));
    app.stdin.write(`j${KEY.tab}${KEY.tab}G`);
    const frame = await steady(app.lastFrame);
    expect(frame.split('\n')[0]).toMatch(/1 of 3 layers failed/);
    expect(frame).toMatch(/›\s+2\s.*error\s+RUN build --release/);
    expect(frame).toMatch(/\n {4}[13]\s+8 B/); // the other layers are scanned
    const message = feed.getSnapshot().failures.map((f) => f.message);
    expect(message).toHaveLength(1);
    expect(message[0]).toMatch(/^reading layer 2\/3 of docker-archive:.*corrupt\.tar: /);
    // The whole message, wrapped (nothing cut), under the layer's command.
    const details = frame.slice(frame.indexOf('Layer 2')).replace(/\s+/g, '');
    expect(details).toContain(`error${message[0]}`.replace(/\s+/g, ''));
    await image.close();
  });
});

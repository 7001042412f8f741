/**
 * The explore screen in a test: an image opened for real, its App rendered by
 * ink-testing-library at a pinned size, scanned and analysed, keys typed one at a time
 * through ink's input. Import it dynamically after `delete process.env.CI` (vi.hoisted):
 * ink decides at import whether it runs in CI.
 */
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { App } from '../../src/tui/app/App.js';
import { ImageFeed } from '../../src/tui/feed/image-feed.js';
import { openImage } from '../../src/source/open-image.js';
import { ScanSession } from '../../src/scan/scan-image.js';
import { steady, waitFor } from './frames.js';

export { cleanup } from 'ink-testing-library';

export const KEY = { down: '\u001b[B', up: '\u001b[A', tab: '\t', enter: '\r', esc: '\u001b' };
export const SIZE = { columns: 80, rows: 24 };
export type Size = typeof SIZE;
/** The sizes every explore frame is pinned at (golden files). */
export const GOLDEN_SIZES: Size[] = [
  { columns: 60, rows: 16 },
  { columns: 80, rows: 24 },
  { columns: 120, rows: 40 },
  { columns: 200, rows: 60 },
];
export type ExploreApp = ReturnType<typeof render>;

/** `path` explored at `size`; with `scan` (the default), once scanned and analysed and the frame is steady. */
export async function openExplore(path: string, size: Size = SIZE, scan = true) {
  const image = await openImage(path, {});
  const feed = new ImageFeed(image, { idleMs: 0 });
  const app = render(createElement(App, { feed, color: false, size, settleMs: 0 }));
  if (scan) {
    await feed.start(new ScanSession(), new AbortController().signal);
    await waitFor(
      () => String(feed.getSnapshot().analysis !== null),
      (x) => x === 'true',
    );
  }
  await steady(app.lastFrame);
  return { app, image, feed };
}

/** Types keys one at a time and returns the steady frame. */
export async function typeKeys(app: ExploreApp, ...keys: string[]): Promise<string> {
  for (const k of keys) {
    app.stdin.write(k);
    await new Promise((r) => setTimeout(r, 40));
  }
  return steady(app.lastFrame);
}

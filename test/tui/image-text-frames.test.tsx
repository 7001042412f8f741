/**
 * The explore screens with an image whose repo tag, platform variant, commands, file and
 * directory names and symlink target carry SGR, OSC, CR, LF, C1 CSI and a right-to-left
 * override: the frames ink writes (and the first frame drawn before ink) hold none of them
 * raw, and show their escapes. Colours off: any colour in a frame came from the image.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../helpers/frames.js';
import { buildImage, writeDockerArchive, type ImageSpec } from '../fixtures/image-builder/index.js';

vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
  delete process.env.NO_COLOR;
  delete process.env.CI;
});

const { render, cleanup } = await import('ink-testing-library');
const { createElement } = await import('react');
const { App } = await import('../../src/tui/app/App.js');
const { CompareApp } = await import('../../src/tui/app/CompareApp.js');
const { CompareFeed } = await import('../../src/tui/feed/compare-feed.js');
const { ImageFeed } = await import('../../src/tui/feed/image-feed.js');
const { firstFrame } = await import('../../src/tui/app/first-frame.js');
const { openImage } = await import('../../src/source/open-image.js');
const { ScanSession } = await import('../../src/scan/scan-image.js');

const HOSTILE = '\x1b[31mR\x1b]0;t\x07\r\n\u009bC\u202eB';
const SHOWN = '\\x1b[31mR\\x1b]0;t\\x07\\r\\n\\u009bC\\u202eB';
// Wide enough that the header keeps the platform beside the escaped name and the status.
const SIZE = { columns: 200, rows: 30 };
/** ink's own styling (bold, dim, inverse, strikethrough and their resets); colour is off. */
const INK_STYLE = /\u001b\[(?:0|1|2|7|9|22|27|29)?m/g;
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

function spec(v: string): ImageSpec {
  return {
    platform: { os: 'linux', architecture: 'amd64', variant: `v${HOSTILE}` },
    layers: [
      { createdBy: `ADD ${HOSTILE} /`, entries: [{ type: 'file', path: 'etc/os-release', content: 'ID=x' }] },
      {
        createdBy: `RUN ${HOSTILE} ${v}`,
        entries: [
          { type: 'file', path: `f${HOSTILE}`, size: 3000 + Number(v) },
          { type: 'file', path: `d${HOSTILE}/x`, size: 100 },
          { type: 'symlink', path: `l${HOSTILE}`, target: `t${HOSTILE}` },
        ],
      },
    ],
  };
}

const dir = mkdtempSync(join(tmpdir(), 'layerscope-esc-tui-'));
const [a, b] = [join(dir, 'a.tar'), join(dir, 'b.tar')];
beforeAll(() => {
  writeDockerArchive(a, [{ image: buildImage(spec('1')), tags: [`e${HOSTILE}:1`] }], { format: 'oci' });
  writeDockerArchive(b, [{ image: buildImage(spec('2')), tags: [`e${HOSTILE}:2`] }], { format: 'oci' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => cleanup());

/** The frame with ink's styling taken out, after checking it holds nothing raw from the image. */
function safe(frame: string | undefined): string {
  const text = (frame ?? '').replace(INK_STYLE, '');
  const at = RAW.exec(text);
  expect(at, `raw U+${at?.[0].codePointAt(0)?.toString(16)} in:\n${text}`).toBeNull();
  return text;
}

describe('explore with text from the image', () => {
  it('the first frame, one image and two', async () => {
    const [ia, ib] = await Promise.all([openImage(a, {}), openImage(b, {})]);
    for (const frame of [firstFrame([ia], SIZE.columns, SIZE.rows), firstFrame([ia, ib], SIZE.columns, SIZE.rows)]) {
      expect(safe(frame)).toContain(`e${SHOWN}:1`);
      expect(frame).toContain(`RUN ${SHOWN} 1`);
    }
    await Promise.all([ia.close(), ib.close()]);
  });

  it('header, layers, files and details of one image', async () => {
    const image = await openImage(a, {});
    const feed = new ImageFeed(image, { idleMs: 0 });
    const app = render(createElement(App, { feed, color: false, size: SIZE, settleMs: 0 }));
    await feed.start(new ScanSession(), new AbortController().signal);
    await waitFor(app.lastFrame, (f) => f.includes('efficiency'));
    app.stdin.write('j');
    const frame = await waitFor(
      app.lastFrame,
      (f) => f.includes('Files layer 2') && f.includes(`Layer 2  RUN ${SHOWN}`),
    );
    expect(frame.split('\n')[0]).toContain(`layerscope e${SHOWN}:1  linux/amd64/v${SHOWN}`);
    expect(frame).toContain(`RUN ${SHOWN} 1`); // the layers pane
    expect(frame).toContain(`f${SHOWN}`);
    expect(frame).toContain(`d${SHOWN}/`);
    expect(frame).toContain(`l${SHOWN} → t${SHOWN}`);
    app.unmount();
    await image.close();
  });

  it('both images of --compare', async () => {
    const [ia, ib] = await Promise.all([openImage(a, {}), openImage(b, {})]);
    const feed = new CompareFeed(
      new ImageFeed(ia, { idleMs: 0, hashContent: true }),
      new ImageFeed(ib, { idleMs: 0, hashContent: true }),
      0,
    );
    const app = render(createElement(CompareApp, { feed, color: false, size: SIZE, settleMs: 0 }));
    await feed.start(new ScanSession(), new AbortController().signal);
    app.stdin.write('j');
    const frame = await waitFor(app.lastFrame, (f) => /scanned\n/.test(f) && f.includes('Files step 2'));
    expect(frame).toContain(`layerscope e${SHOWN}:1 → e${SHOWN}:2`);
    expect(frame).toContain(`f${SHOWN}`);
    app.unmount();
    await Promise.all([ia.close(), ib.close()]);
  });
});

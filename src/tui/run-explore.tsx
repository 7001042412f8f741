/**
 * Runs the explore screen: draws the layer list from metadata at once (on the terminal's
 * alternate screen), then starts the scan and lets the screen fill in. Loaded only by the
 * explore command (a dynamic import), so no other command pays for react and ink.
 */
import { render } from 'ink';
import type { ScanSession } from '../scan/scan-image.js';
import type { Image } from '../source/model.js';
import type { ReactElement } from 'react';
import { App } from './App.js';
import { CompareApp } from './CompareApp.js';
import { CompareFeed } from './compare-feed.js';
import { ImageFeed } from './image-feed.js';

export interface RunExploreOptions {
  image: Image;
  session: ScanSession;
  /** Aborts on SIGINT from outside the screen. */
  signal: AbortSignal;
  color: boolean;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

const ALT_SCREEN_ON = '\u001b[?1049h\u001b[H';
const ALT_SCREEN_OFF = '\u001b[?1049l';

/** Resolves when the user quits; with the scan's error message when the scan failed. */
export async function runExplore(opts: RunExploreOptions): Promise<{ error: string | null }> {
  const feed = new ImageFeed(opts.image);
  await runScreen(opts, <App feed={feed} color={opts.color} />, feed);
  return { error: feed.getSnapshot().error };
}

interface Startable {
  start(session: ScanSession, signal: AbortSignal): Promise<void>;
  stop(): void;
}

/** Draws the screen on the alternate screen, then starts the scan; returns when the user quits. */
async function runScreen(opts: Omit<RunExploreOptions, 'image'>, screen: ReactElement, feed: Startable): Promise<void> {
  const scan = new AbortController();
  const onAbort = () => {
    scan.abort();
    app.unmount();
  };
  opts.stdout.write(ALT_SCREEN_ON);
  const app = render(screen, { stdout: opts.stdout, stdin: opts.stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 60 });
  opts.signal.addEventListener('abort', onAbort);
  // The first frame is on screen; now the scan.
  setImmediate(() => void feed.start(opts.session, scan.signal));
  try {
    await app.waitUntilExit();
  } finally {
    scan.abort();
    feed.stop();
    opts.signal.removeEventListener('abort', onAbort);
    opts.stdout.write(ALT_SCREEN_OFF);
  }
}

export interface RunCompareOptions extends Omit<RunExploreOptions, 'image'> {
  a: Image;
  b: Image;
}

/** `explore A --compare B`: both scanned with content hashes, so same-size edits show. */
export async function runCompare(opts: RunCompareOptions): Promise<{ error: string | null }> {
  const feed = new CompareFeed(new ImageFeed(opts.a, { hashContent: true }), new ImageFeed(opts.b, { hashContent: true }));
  await runScreen(opts, <CompareApp feed={feed} color={opts.color} />, feed);
  const [a, b] = [feed.a.getSnapshot(), feed.b.getSnapshot()];
  return { error: a.error ?? b.error };
}

/**
 * Runs the explore screen: ink draws the layer list from metadata over the first frame, then
 * the scan starts and the screen fills in. Loaded only by the explore command (a dynamic
 * import), so no other command pays for react and ink.
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

/** Over the first frame (first-frame.ts), which the explore command drew before ink loaded. */
const CLEAR = '\u001b[H\u001b[2J';

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

/** Draws the screen (the terminal is already in the alternate screen, raw), then starts the scan; returns when the user quits. */
async function runScreen(opts: Omit<RunExploreOptions, 'image'>, screen: ReactElement, feed: Startable): Promise<void> {
  if (opts.signal.aborted) return; // interrupted while react and ink loaded
  const scan = new AbortController();
  const onAbort = () => {
    scan.abort();
    app.unmount();
  };
  opts.stdout.write(CLEAR);
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

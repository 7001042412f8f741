/**
 * Runs the explore screen: ink draws the layer list from metadata over the first frame, then
 * the scan starts and the screen fills in. Loaded only by the explore command (a dynamic
 * import), so no other command pays for react and ink.
 */
import { render } from 'ink';
import type { ScanSession } from '../../scan/scan-image.js';
import type { Image } from '../../source/model.js';
import type { ReactElement } from 'react';
import { App } from './App.js';
import { CompareApp } from './CompareApp.js';
import { CompareFeed } from '../feed/compare-feed.js';
import { ImageFeed, type FeedSnapshot } from '../feed/image-feed.js';
import type { QuitReason } from '../state/state.js';

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

export interface ExploreResult {
  /** The scan's errors, one per failed layer (or the scan's one error): printed after the screen closes. */
  errors: string[];
  /** The user left with ctrl+c (exit 130), not q. */
  interrupted: boolean;
}

/** Resolves when the user quits, with how and the scan's errors. */
export async function runExplore(opts: RunExploreOptions): Promise<ExploreResult> {
  const feed = new ImageFeed(opts.image);
  let reason = 'quit' as QuitReason;
  await runScreen(opts, <App feed={feed} color={opts.color} onQuit={(r) => (reason = r)} />, feed);
  return { errors: errorsOf(feed.getSnapshot()), interrupted: reason === 'interrupt' };
}

function errorsOf(snap: FeedSnapshot): string[] {
  if (snap.failures.length > 0) return snap.failures.map((f) => f.message);
  return snap.error ? [snap.error] : [];
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
  const app = render(screen, {
    stdout: opts.stdout,
    stdin: opts.stdin,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
  });
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
export async function runCompare(opts: RunCompareOptions): Promise<ExploreResult> {
  const feed = new CompareFeed(
    new ImageFeed(opts.a, { hashContent: true }),
    new ImageFeed(opts.b, { hashContent: true }),
  );
  let reason = 'quit' as QuitReason;
  await runScreen(opts, <CompareApp feed={feed} color={opts.color} onQuit={(r) => (reason = r)} />, feed);
  return {
    errors: [...errorsOf(feed.a.getSnapshot()), ...errorsOf(feed.b.getSnapshot())],
    interrupted: reason === 'interrupt',
  };
}

/**
 * What `explore A --compare B` knows: both images' feeds, their steps side by side marked
 * from metadata at once (a layer of B is shared when its chain ID is one of A's, as the
 * engine stores layers), and the compare report (layer reuse, final file diff, churn) once
 * both are scanned — computed between key presses, like the rest of the heavy work.
 */
import { buildCompareReport, compareSide, type CompareReport } from '../../analysis/compare/compare-report.js';
import type { ReuseStatus } from '../../analysis/compare/layer-reuse.js';
import type { ScanSession } from '../../scan/scan-image.js';
import type { FeedSnapshot, FeedSource, ImageFeed } from './image-feed.js';
import { stepMarks, type LayerInfo } from '../state/layer-rows.js';

export interface StepRow {
  a: LayerInfo | null;
  b: LayerInfo | null;
  /** A's layer: still in B (shared) or not (gone). */
  statusA: 'shared' | 'gone' | null;
  /** B's layer: shared (chain ID in A), same-content (diffID in A, other parent) or new. */
  statusB: ReuseStatus | null;
}

export interface CompareSnapshot {
  a: FeedSnapshot;
  b: FeedSnapshot;
  steps: StepRow[];
  report: CompareReport | null;
  settled: boolean;
}

export class CompareFeed implements FeedSource<CompareSnapshot> {
  private readonly marks: { a: Array<StepRow['statusA']>; b: Array<StepRow['statusB']> };
  private report: CompareReport | null = null;
  private snap: CompareSnapshot | undefined;
  private readonly listeners = new Set<() => void>();
  private lastInput = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly a: ImageFeed,
    readonly b: ImageFeed,
    private readonly idleMs = 120,
  ) {
    this.marks = stepMarks(
      a.image.layers.map((l) => l.diffID),
      b.image.layers.map((l) => l.diffID),
    );
  }

  readonly subscribe = (fn: () => void): (() => void) => {
    const off = [this.a.subscribe(fn), this.b.subscribe(fn)];
    this.listeners.add(fn);
    return () => {
      off.forEach((f) => f());
      this.listeners.delete(fn);
    };
  };

  readonly getSnapshot = (): CompareSnapshot => {
    const a = this.a.getSnapshot();
    const b = this.b.getSnapshot();
    if (this.snap && this.snap.a === a && this.snap.b === b && this.snap.report === this.report) return this.snap;
    const n = Math.max(a.layers.length, b.layers.length);
    const steps = Array.from({ length: n }, (_, i): StepRow => ({
      a: a.layers[i] ?? null,
      b: b.layers[i] ?? null,
      statusA: this.marks.a[i] ?? null,
      statusB: this.marks.b[i] ?? null,
    }));
    const failed = !!(a.error || b.error);
    this.snap = {
      a,
      b,
      steps,
      report: this.report,
      settled: failed || (a.settled && b.settled && this.report !== null),
    };
    return this.snap;
  };

  noteInput(): void {
    this.lastInput = performance.now();
    this.a.noteInput();
    this.b.noteInput();
  }

  want(step: number): void {
    this.a.want(Math.min(step, this.a.image.layers.length - 1));
    this.b.want(Math.min(step, this.b.image.layers.length - 1));
  }

  /** Scans both (a layer both have is read once); the report follows when the screen is idle. */
  async start(session: ScanSession, signal: AbortSignal): Promise<void> {
    this.subscribe(() => this.maybeReport());
    await Promise.all([this.a.start(session, signal), this.b.start(session, signal)]);
    this.maybeReport();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.a.stop();
    this.b.stop();
    this.listeners.clear();
  }

  private maybeReport(): void {
    if (this.report || this.timer) return;
    const [sa, sb] = [this.a.getSnapshot(), this.b.getSnapshot()];
    if (!sa.analysis || !sb.analysis || !sa.fs || !sb.fs) return;
    const wait = Math.max(0, this.lastInput + this.idleMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (performance.now() - this.lastInput < this.idleMs) return this.maybeReport();
      // Each side's packages are in its analysis already (the packages pane's step).
      const side = (feed: ImageFeed) => ({
        ...compareSide(feed.image, feed.completeScans()!),
        packages: feed.getSnapshot().analysis!.packages,
      });
      this.report = buildCompareReport(side(this.a), side(this.b));
      for (const fn of this.listeners) fn();
    }, wait);
  }
}

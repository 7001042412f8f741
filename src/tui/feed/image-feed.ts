/**
 * What the explore screen knows about one image, as immutable snapshots: the layer list from
 * metadata at once, then each layer's numbers as its scan lands, the merged file system of
 * the scanned prefix, and the image analysis once every layer is in. The heavy work (merge,
 * analysis) runs in slices of a few milliseconds with the event loop between them, and
 * steps aside for a moment after each key press, so the screen answers keys while it works;
 * progress is redrawn a few times a second, and not in the moment after a key.
 */
import { buildLayerReport, type ImageSummary } from '../../analysis/report/layer-report.js';
import { mergeInSteps, type MergedFs } from '../../analysis/fs/merge.js';
import { describeCause, LayerscopeError } from '../../errors.js';
import type { LayerScan } from '../../scan/layer-scan.js';
import type { ScanSession } from '../../scan/scan-image.js';
import type { Image } from '../../source/model.js';
import { AnalysisSteps, type ExploreAnalysis } from './explore-analysis.js';
import { layerInfos, type LayerInfo } from '../state/layer-rows.js';

export interface FeedSnapshot {
  summary: ImageSummary;
  layers: LayerInfo[];
  layersDone: number;
  bytesRead: number;
  bytesTotal: number | null;
  /** The union file system of layers 0..fsLayers-1 (a scanned prefix), or null. */
  fs: MergedFs | null;
  fsLayers: number;
  analysis: ExploreAnalysis | null;
  /** The scan's error (the first), or null. */
  error: string | null;
  /** Every layer whose scan failed, with its error, in the order they failed. */
  failures: LayerFailure[];
  /** Every layer scanned, merged and analysed (or the scan failed). */
  settled: boolean;
}

export interface LayerFailure {
  /** 0-based index into the image's layers. */
  layer: number;
  message: string;
}

/** What a screen reads from a feed. */
export interface FeedSource<T> {
  subscribe(fn: () => void): () => void;
  getSnapshot(): T;
  noteInput(): void;
  /** The screen shows the files of this layer (or step): merge up to it when it is scanned. */
  want?(layer: number): void;
}

export interface FeedOptions {
  hashContent?: boolean;
  /** Heavy work waits until no key has arrived for this long (the key's frame comes first). */
  idleMs?: number;
  /**
   * A finished merge is shown once no key has arrived for this long: the frame that shows it
   * builds the files pane anew (tens of ms on a 200k-path layer), which keys should not wait for.
   */
  restMs?: number;
  /** Progress snapshots at most this often (and none this soon after a key). */
  progressMs?: number;
}

/** Heavy work runs in slices of about this long, with the event loop (keys, frames) between. */
const SLICE_MS = 8;

export class ImageFeed implements FeedSource<FeedSnapshot> {
  private snap: FeedSnapshot;
  private readonly scans: Array<LayerScan | undefined>;
  private readonly listeners = new Set<() => void>();
  private base: LayerInfo[];
  private readonly bytes: number[];
  private readonly reading: boolean[];
  private lastInput = 0;
  private analysing: AnalysisSteps | undefined;
  /** The merge under way, a slice at a time: of the first `prefix` layers. */
  private merging: { prefix: number; steps: Generator<void, MergedFs> } | undefined;
  /** A finished merge waiting for the keys to rest (see restMs). */
  private merged: { prefix: number; fs: MergedFs } | undefined;
  /** Layers the screen has asked to see merged (see want()). */
  private wanted = 1;
  private lastProgress = 0;
  private heavyTimer: NodeJS.Timeout | undefined;
  private readonly idleMs: number;
  private readonly restMs: number;
  private readonly progressMs: number;

  /** The image as the scan describes it once the scan is done (blob facts, an export's config). */
  private described = false;

  constructor(
    public image: Image,
    private readonly opts: FeedOptions = {},
  ) {
    this.scans = new Array(image.layers.length);
    this.bytes = image.layers.map(() => 0);
    this.reading = image.layers.map(() => false);
    this.base = layerInfos(image, this.scans);
    this.idleMs = opts.idleMs ?? 40;
    this.restMs = opts.restMs ?? Math.max(this.idleMs, 200);
    this.progressMs = opts.progressMs ?? 250;
    const report = buildLayerReport(image, null);
    const sizes = image.layers.map((l) => l.blobSize);
    this.snap = {
      summary: report.image,
      layers: this.base,
      layersDone: 0,
      bytesRead: 0,
      bytesTotal: sizes.every((s) => s !== undefined) ? (sizes as number[]).reduce((a, b) => a + b, 0) : null,
      fs: null,
      fsLayers: 0,
      analysis: null,
      error: null,
      failures: [],
      settled: image.layers.length === 0,
    };
  }

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  readonly getSnapshot = (): FeedSnapshot => this.snap;

  /** Called on every key press: heavy work steps aside for a moment. */
  noteInput(): void {
    this.lastInput = performance.now();
  }

  /**
   * Merging is the costly step (a few hundred ms for 200k paths), so while the scan runs the
   * scanned prefix is merged only as far as the screen needs; all of it once every layer is in.
   */
  want(layer: number): void {
    if (layer + 1 <= this.wanted) return;
    this.wanted = layer + 1;
    if (scannedPrefix(this.scans) > this.snap.fsLayers) this.scheduleHeavy();
  }

  /** Scans every layer; resolves when the scan ends (the analysis may still follow). */
  async start(session: ScanSession, signal: AbortSignal): Promise<void> {
    try {
      await session.scanImage(this.image, {
        signal,
        hashContent: this.opts.hashContent,
        onLayerBytes: (i, n) => {
          this.bytes[i] += n;
          this.reading[i] = true;
        },
        onProgress: (p) => this.progress(p.bytesRead),
        onLayer: (i, scan) => this.layerDone(i, scan),
        onLayerError: (i, err) => this.layerFailed(i, err),
      });
      this.image = await session.describe(this.image, signal);
      this.described = true;
      this.base = layerInfos(this.image, this.scans);
      this.update({ layers: this.compose() });
      this.scheduleHeavy();
    } catch (err) {
      if (signal.aborted) return;
      this.update({ error: errorText(err), layers: this.compose(), settled: true });
    }
  }

  /** Every layer's scan, once all are in; else null. */
  completeScans(): LayerScan[] | null {
    return scannedPrefix(this.scans) === this.scans.length ? (this.scans as LayerScan[]) : null;
  }

  stop(): void {
    clearTimeout(this.heavyTimer);
    this.listeners.clear();
  }

  private progress(bytesRead: number): void {
    const now = performance.now();
    if (now - this.lastProgress < this.progressMs || now - this.lastInput < this.progressMs) return;
    this.lastProgress = now;
    this.update({ bytesRead, layers: this.compose() });
  }

  private layerFailed(index: number, err: unknown): void {
    this.update({
      failures: [...this.snap.failures, { layer: index, message: errorText(err) }],
      layers: this.compose(index),
    });
  }

  private layerDone(index: number, scan: LayerScan): void {
    this.scans[index] = scan;
    this.base = layerInfos(this.image, this.scans);
    this.update({ layers: this.compose(), layersDone: this.snap.layersDone + 1 });
    this.scheduleHeavy();
  }

  /** Layer rows with the bytes read so far of those not done, and the failed ones (`failing`: one failing now). */
  private compose(failing?: number): LayerInfo[] {
    const failed = new Set(this.snap.failures.map((f) => f.layer));
    if (failing !== undefined) failed.add(failing);
    return this.base.map((l, i) => {
      if (l.status === 'done') return l;
      const status = failed.has(i) ? 'error' : this.reading[i] ? 'reading' : 'queued';
      return { ...l, bytesRead: this.bytes[i], status };
    });
  }

  private scheduleHeavy(): void {
    if (this.heavyTimer) return;
    const quiet = this.merged ? this.restMs : this.idleMs;
    const wait = Math.max(0, this.lastInput + quiet - performance.now());
    this.heavyTimer = setTimeout(() => {
      this.heavyTimer = undefined;
      if (performance.now() - this.lastInput < quiet) return this.scheduleHeavy();
      if (this.heavySlice()) this.scheduleHeavy();
    }, wait);
  }

  /** Heavy steps for about SLICE_MS; true when more is due. */
  private heavySlice(): boolean {
    const until = performance.now() + SLICE_MS;
    while (this.heavyStep()) if (performance.now() >= until || this.resting()) return true;
    return false;
  }

  /** A finished merge waits for the keys to rest. */
  private resting(): boolean {
    return this.merged !== undefined && performance.now() - this.lastInput < this.restMs;
  }

  /** One heavy step: a slice of the merge of the scanned prefix, or a step of the analysis. True when more is due. */
  private heavyStep(): boolean {
    const scanned = scannedPrefix(this.scans);
    const prefix =
      scanned === this.scans.length ? scanned : Math.min(scanned, Math.max(this.wanted, this.snap.fsLayers));
    if (prefix > this.snap.fsLayers) {
      if (this.merged?.prefix === prefix) {
        if (this.resting()) return true;
        this.update({ fs: this.merged.fs, fsLayers: prefix });
        this.merged = undefined;
        return true;
      }
      // A merge of a shorter prefix than is now due starts again, for the longer one.
      if (this.merging?.prefix !== prefix) {
        this.merging = { prefix, steps: mergeInSteps(this.scans.slice(0, prefix) as LayerScan[]) };
        this.merged = undefined;
      }
      const step = this.merging.steps.next();
      if (step.done) [this.merging, this.merged] = [undefined, { prefix, fs: step.value }];
      return true;
    }
    if (prefix === this.scans.length && this.described && !this.snap.analysis && this.snap.fs) {
      this.analysing ??= new AnalysisSteps(
        this.snap.fs,
        this.snap.layers.map((l) => l.createdBy),
      );
      const analysis = this.analysing.next();
      if (!analysis) return true;
      this.update({ analysis, settled: true });
    }
    return false;
  }

  private update(patch: Partial<FeedSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const fn of this.listeners) fn();
  }
}

const errorText = (err: unknown) => (err instanceof LayerscopeError ? err.message : describeCause(err));

function scannedPrefix(scans: Array<LayerScan | undefined>): number {
  let k = 0;
  while (k < scans.length && scans[k]) k++;
  return k;
}

/**
 * sha256 on another thread, for large blobs: verifying a layer's digests means hashing every
 * byte (1.3 GB of benchmark layers cost 0.8 s of CPU), and on the main thread that time
 * adds to the tar walk. Chunks are copied into a ring of 1 MiB slots in shared memory; the
 * worker hashes each slot in place and frees it. No message per chunk, no allocation per
 * chunk. When the ring is full the producer waits without blocking the event loop
 * (Atomics.waitAsync), which is the stream's back-pressure.
 *
 * Workers are kept in a small pool and reused; an idle worker does not keep the process
 * alive. A worker that dies fails its hash (never a hang), and is not reused.
 */
import { Worker } from 'node:worker_threads';

const SLOT = 1024 * 1024;
const SLOTS = 8;
/**
 * ctl[0]: slots written, ctl[1]: slots hashed (both since the hash started); ctl[2]: the
 * worker is asleep, ctl[3]: the producer is waiting. A wake-up costs a system call (and, in a
 * VM, an interrupt to the other CPU), so each side wakes the other only when it sleeps.
 */
const CTL_BYTES = 16;
const END = -1;

/** The worker: a CommonJS script, so it runs the same from src/ (tests) and dist/. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { sab, slots, slot, nice } = workerData;
if (nice) {
  // Linux: /proc/thread-self names this thread; setpriority on its id lowers this thread alone.
  try {
    require('node:os').setPriority(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()), nice);
  } catch {}
}
const ctl = new Int32Array(sab, 0, 4);
const lens = new Int32Array(sab, ${CTL_BYTES}, slots);
const data = new Uint8Array(sab, ${CTL_BYTES} + 4 * slots, slots * slot);
const { openSync, readSync, closeSync } = require('node:fs');
parentPort.on('message', (job) => {
  try {
    parentPort.postMessage({ digest: job === 'ring' ? hashRing() : hashFile(job) });
  } catch (err) {
    parentPort.postMessage({ error: err.message });
  }
});
function hashFile({ path, offset, size }) {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(slot);
  const fd = openSync(path, 'r');
  try {
    for (let done = 0; done < size; ) {
      const n = readSync(fd, buf, 0, Math.min(slot, size - done), offset + done);
      if (n === 0) throw new Error('unexpected end of file');
      hash.update(buf.subarray(0, n));
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
function hashRing() {
  const hash = createHash('sha256');
  for (let read = 0; ; ) {
    const written = Atomics.load(ctl, 0);
    if (read === written) {
      // Say we sleep, then look again: the producer notifies only a sleeping worker.
      Atomics.store(ctl, 2, 1);
      if (Atomics.load(ctl, 0) === written) Atomics.wait(ctl, 0, written);
      Atomics.store(ctl, 2, 0);
      continue;
    }
    const i = read % slots;
    const len = lens[i];
    if (len !== ${END}) hash.update(data.subarray(i * slot, i * slot + len));
    Atomics.store(ctl, 1, ++read);
    if (Atomics.load(ctl, 3) === 1) Atomics.notify(ctl, 1);
    if (len === ${END}) break;
  }
  return hash.digest('hex');
}
`;

/** Atomics.waitAsync (Node 16+; its types come with lib es2024, which this project does not target). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(array: Int32Array, index: number, value: number): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

interface HashWorker {
  worker: Worker;
  ctl: Int32Array;
  lens: Int32Array;
  data: Uint8Array;
}

const idle: HashWorker[] = [];
let workerNice = 0;

/**
 * Runs the hashing threads started from now on at this nice value (Linux; elsewhere it has no
 * effect). explore sets 10: digests are checked in the background, and the thread that
 * answers keys and draws the screen gets the CPU first. Workers already pooled are let go.
 */
export function setHashThreadNice(nice: number): void {
  if (nice === workerNice) return;
  workerNice = nice;
  for (const w of idle.splice(0)) void w.worker.terminate();
}

function spawn(): HashWorker {
  const sab = new SharedArrayBuffer(CTL_BYTES + 4 * SLOTS + SLOTS * SLOT);
  const workerData = { sab, slots: SLOTS, slot: SLOT, nice: workerNice };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
  const w = {
    worker,
    ctl: new Int32Array(sab, 0, 4),
    lens: new Int32Array(sab, CTL_BYTES, SLOTS),
    data: new Uint8Array(sab, CTL_BYTES + 4 * SLOTS, SLOTS * SLOT),
  };
  // A job's own listeners report failures; these keep a dead idle worker out of the pool.
  worker.on('error', () => {});
  worker.on('exit', () => idle.splice(idle.indexOf(w) >>> 0, 1));
  return w;
}

/**
 * One job on a pooled worker: resolves with its digest, rejects when the worker reports an
 * error or dies. `done(reusable)` must be called once: it returns the worker to the pool or
 * stops it.
 */
class WorkerJob {
  readonly w: HashWorker = idle.pop() ?? spawn();
  /** Rejects when the worker fails; never resolves. */
  readonly failed: Promise<never>;
  readonly result: Promise<string>;
  private onFail: (err: unknown) => void = () => {};
  private finished = false;

  /** `prepare` runs before the worker is sent the message (the worker is idle until then). */
  constructor(message: unknown, prepare?: (w: HashWorker) => void) {
    prepare?.(this.w);
    const { worker } = this.w;
    worker.ref();
    this.failed = new Promise<never>((_, reject) => {
      this.onFail = (err: unknown) =>
        reject(err instanceof Error ? err : new Error(`sha256 worker stopped (exit code ${String(err)})`));
      worker.on('error', this.onFail);
      worker.on('exit', this.onFail);
    });
    this.failed.catch(() => {});
    const reply = new Promise<string>((resolve, reject) =>
      worker.once('message', (m: { digest?: string; error?: string }) =>
        m.digest ? resolve(m.digest) : reject(new Error(m.error)),
      ),
    );
    this.result = Promise.race([reply, this.failed]);
    this.result.catch(() => {});
    worker.postMessage(message);
  }

  done(reusable: boolean): void {
    if (this.finished) return;
    this.finished = true;
    const { worker } = this.w;
    worker.off('error', this.onFail);
    worker.off('exit', this.onFail);
    worker.removeAllListeners('message');
    if (!reusable) return void worker.terminate();
    worker.unref();
    idle.push(this.w);
  }
}

/** sha256 (hex) of `size` bytes at `offset` of a file, read and hashed on a worker thread. */
export async function sha256OfFileOnThread(path: string, offset: number, size: number): Promise<string> {
  const job = new WorkerJob({ path, offset, size });
  try {
    const hex = await job.result;
    job.done(true);
    return hex;
  } catch (err) {
    job.done(false);
    throw err;
  }
}

/** A sha256 computed on a worker thread. Call update() in order, then digest() once. */
export class ThreadSha256 {
  private readonly job: WorkerJob;
  private written = 0;
  /** Bytes in the current slot, not yet handed to the worker. */
  private filled = 0;
  /** The last update still waiting for room, when one is. */
  private queued: Promise<void> | undefined;

  constructor() {
    this.job = new WorkerJob('ring', (w) => w.ctl.fill(0));
  }

  private get w(): HashWorker {
    return this.job.w;
  }

  /**
   * Copies `chunk` into the ring; resolves when all of it is in (waits while the ring is
   * full). Small chunks (a socket's) are packed into a slot until it is full, so the worker
   * wakes once per MiB, not once per chunk. A caller need not wait: an update made while an
   * earlier one still waits is queued behind it (the chunk must stay unchanged until then).
   */
  update(chunk: Uint8Array): Promise<void> | undefined {
    const waiting = this.queued ? this.queued.then(() => this.copy(chunk)) : this.copy(chunk);
    if (!waiting) return undefined;
    this.queued = waiting;
    waiting.then(
      () => void (this.queued === waiting && (this.queued = undefined)),
      () => {},
    );
    return waiting;
  }

  private copy(chunk: Uint8Array): Promise<void> | undefined {
    let off = 0;
    while (off < chunk.length) {
      if (this.full()) return this.whenFree().then(() => this.copy(chunk.subarray(off)));
      const n = Math.min(SLOT - this.filled, chunk.length - off);
      this.w.data.set(chunk.subarray(off, off + n), (this.written % SLOTS) * SLOT + this.filled);
      this.filled += n;
      off += n;
      if (this.filled === SLOT) this.publish(SLOT);
    }
    return undefined;
  }

  /** The hex digest of everything given to update(). */
  async digest(): Promise<string> {
    while (this.queued) await this.queued;
    while (this.full()) await this.whenFree();
    if (this.filled > 0) this.publish(this.filled);
    while (this.full()) await this.whenFree();
    this.publish(END);
    const hex = await this.job.result;
    this.job.done(true);
    return hex;
  }

  /** Gives up the hash (the scan failed): the worker is stopped, not reused. */
  abort(): void {
    this.job.done(false);
  }

  private full(): boolean {
    return this.written - Atomics.load(this.w.ctl, 1) >= SLOTS;
  }

  private async whenFree(): Promise<void> {
    const { ctl } = this.w;
    Atomics.store(ctl, 3, 1);
    const hashed = Atomics.load(ctl, 1);
    if (this.written - hashed < SLOTS) return void Atomics.store(ctl, 3, 0);
    const wait = waitAsync(ctl, 1, hashed);
    if (wait.async) await Promise.race([wait.value, this.job.failed]);
    Atomics.store(ctl, 3, 0);
  }

  /** Hands the current slot (holding `len` bytes, or END) to the worker. */
  private publish(len: number): void {
    this.w.lens[this.written % SLOTS] = len;
    this.filled = 0;
    Atomics.store(this.w.ctl, 0, ++this.written);
    if (Atomics.load(this.w.ctl, 2) === 1) Atomics.notify(this.w.ctl, 0);
  }
}

/**
 * Deadlines for what goes through dockerode (TLS and ssh engines, and pulls), which keeps
 * none of its own: the engine must answer within the answer deadline of the request, and an
 * answer's body (an export, a pull's progress) may not fall silent for longer than the idle
 * deadline while it is read. A deadline that fires ends the request with the same message
 * as on a plain socket (engine-request.ts): which deadline, of how long, for what.
 */
import type { Readable } from 'node:stream';
import { Watchdog, type Deadlines } from '../deadlines.js';
import type { EngineConnection } from './connection.js';
import { engineDeadlineError } from './errors.js';

/**
 * `dial(signal)` under the answer deadline: when the engine has not answered in time, the
 * signal given to dial aborts the request and the promise rejects with the deadline's error.
 */
export async function answerWithin<T>(
  conn: EngineConnection,
  deadlines: Deadlines,
  request: string,
  signal: AbortSignal | undefined,
  dial: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const expiry = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = engineDeadlineError(conn, 'answer', deadlines.answerMs, request);
      expiry.abort(err);
      reject(err);
    }, deadlines.answerMs);
  });
  try {
    return await Promise.race([dial(signal ? AbortSignal.any([signal, expiry.signal]) : expiry.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Holds `body` to the idle deadline: destroyed with the deadline's error when no byte
 * arrives for that long while it flows. Returns a function that pauses the clock (the
 * reader is busy with what it has: back-pressure) or starts it again, and one that ends it.
 */
export function idleWatch(
  body: Readable,
  conn: EngineConnection,
  deadlines: Deadlines,
  request: string,
): { hold(busy: boolean): void; stop(): void } {
  const watch = new Watchdog((phase, ms) => body.destroy(engineDeadlineError(conn, phase, ms, request)));
  const arm = () => watch.arm('idle', deadlines.idleMs);
  arm();
  const onData = () => watch.refresh();
  const stop = () => {
    watch.stop();
    body.off('data', onData);
  };
  body.on('data', onData);
  body.once('close', stop);
  return { hold: (busy) => (busy ? watch.stop() : arm()), stop };
}

/**
 * Deadlines of one request to a registry or the engine: the connection must be made within
 * `connectMs`, the first bytes of the answer must come within `answerMs` of it, and while
 * the reader wants bytes, no gap between them may be longer than `idleMs` (a reader that
 * holds the body back — back-pressure — stops that clock). A deadline that fires fails the
 * request with an ETIMEDOUT error whose message says which deadline, of how long, for what.
 */

export interface Deadlines {
  connectMs: number;
  answerMs: number;
  idleMs: number;
}

export type DeadlinePhase = 'connect' | 'answer' | 'idle';

export const DEFAULT_IDLE_MS = 60_000;
const CONNECT_MAX_MS = 30_000;

/** The deadlines for an idle timeout: no answer and no gap longer than it, a connection within 30 s (or less). */
export function deadlinesFor(idleMs: number = DEFAULT_IDLE_MS): Deadlines {
  return { connectMs: Math.min(CONNECT_MAX_MS, idleMs), answerMs: idleMs, idleMs };
}

export const DEFAULT_DEADLINES: Deadlines = deadlinesFor();

/** "60 s", "1.5 s", "250 ms": a duration as messages give it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export interface DeadlineError extends Error {
  code: 'ETIMEDOUT';
  deadline: { phase: DeadlinePhase; ms: number };
}

/** `who`: "registry 127.0.0.1:5000"; `request`: "GET /v2/app/manifests/1.0". */
export function deadlineError(phase: DeadlinePhase, ms: number, who: string, request: string): DeadlineError {
  const within = formatDuration(ms);
  const text =
    phase === 'connect'
      ? `cannot connect to ${who} within ${within} (${request})`
      : phase === 'answer'
        ? `${who} did not answer within ${within} (${request})`
        : `${who} sent nothing for ${within} in the middle of an answer (${request})`;
  return Object.assign(new Error(text), { code: 'ETIMEDOUT' as const, deadline: { phase, ms } });
}

export function isDeadlineError(err: unknown): err is DeadlineError {
  return (err as DeadlineError)?.code === 'ETIMEDOUT' && typeof (err as DeadlineError).deadline === 'object';
}

/** The hint for a deadline that fired. */
export const DEADLINE_HINT =
  'if it is only slow, give a longer --idle-timeout (or LAYERSCOPE_IDLE_TIMEOUT), e.g. --idle-timeout 5m';

/** One timer for the phase a request is in; `fire` gets the phase and its length. */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly fire: (phase: DeadlinePhase, ms: number) => void) {}

  arm(phase: DeadlinePhase, ms: number): void {
    this.stop();
    this.timer = setTimeout(() => this.fire(phase, ms), ms);
    this.timer.unref();
  }

  /** Starts the running phase's clock again (bytes arrived). */
  refresh(): void {
    this.timer?.refresh();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

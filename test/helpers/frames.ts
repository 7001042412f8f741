/** Reading ink frames in tests: without SGR, when a condition holds, or once they stop changing. */
const ANSI = /\u001b\[[0-9;]*m/g;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const plain = (s: string | undefined) => (s ?? '').replace(ANSI, '');

/** The first plain frame for which `ok` holds; fails after `ms` with the last frame. */
export async function waitFor(
  get: () => string | undefined,
  ok: (frame: string) => boolean,
  ms = 20_000,
): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const frame = plain(get());
    if (ok(frame)) return frame;
    if (Date.now() > end) throw new Error(`timed out; last frame:\n${frame}`);
    await sleep(20);
  }
}

/** The plain frame once it has not changed for `quiet` ms. */
export async function steady(get: () => string | undefined, quiet = 400): Promise<string> {
  let last = plain(get());
  let since = Date.now();
  for (;;) {
    await sleep(25);
    const frame = plain(get());
    if (frame !== last) [last, since] = [frame, Date.now()];
    else if (Date.now() - since >= quiet) return frame;
  }
}

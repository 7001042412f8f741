/**
 * `layerscope explore` on the large benchmark image, in a real pseudo-terminal (util-linux
 * `script`, 80×24), with the scan running (cold: --no-cache):
 *   - time to the first frame that shows the layer list, from spawning the process (the text
 *     frame explore draws before react/ink load), and to the first ink frame (interactive);
 *   - key latency while the scan runs: j/k alternate in the layers pane, each timed from the
 *     write to the pty until a frame with the moved cursor arrives;
 *   - the same once everything is scanned and analysed, in the files pane (layer 2's
 *     node_modules, 180k files, open).
 * Targets (issue 18): first frame ≤ 300 ms; p95 key latency while scanning ≤ 50 ms.
 *   npx tsx bench/generate-large-image.ts      (once)
 *   npm run build && npx tsx bench/explore-first-frame.ts [--runs 5] [--image oci:DIR]
 * EXPLORE_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the explore process.
 *
 * Figures (2026-12-08, 2 cores, quiet machine; the build before and after issue 18's speed
 * work, run alternately, 2 × 5 runs each):
 *                                      before               after
 *   first frame with the layer list   median 121-123 ms    115-149 ms  (target 300 ms)
 *   first ink frame                   median 523-526 ms    472-579 ms
 *   keys while scanning (~50/side)    p50 22-25, p95 65-66 p50 12-13, p95 43-44 ms (target 50)
 *   files pane, 6,000 entries open    p50 8, p95 13-15     p50 7-10, p95 12-16 ms
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, dflt: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt;
const image = arg('--image', 'oci:bench/out/large-plain');
const runs = Number(arg('--runs', '5'));
const BUDGET_FIRST_FRAME = 300;
const BUDGET_KEY_P95 = 50;
const VISIBLE_LAG = 100;

interface Term {
  child: ChildProcessWithoutNullStreams;
  start: number;
  /** Output since the last mark(), ANSI left in. */
  text(): string;
  mark(): void;
  waitFor(test: (out: string) => boolean, ms: number, what?: string): Promise<number>;
  send(keys: string): void;
}

function openTerm(command: string): Term {
  const start = performance.now();
  const child = spawn('script', ['-qfec', `stty cols 80 rows 24; exec ${command}`, '/dev/null'], {
    cwd: root,
    env: { ...process.env, TERM: 'xterm-256color', NO_COLOR: '1' },
  });
  let out = '';
  let all = '';
  let waiter: (() => void) | undefined;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    all += chunk;
    waiter?.();
  });
  return {
    child,
    start,
    text: () => out,
    mark: () => void (out = ''),
    waitFor: (test, ms, what = 'output') =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `timed out waiting for ${what}; output since the key:\n${plain(out).slice(-1500)}\nlast frame:\n${lastFrame(all)}`,
              ),
            ),
          ms,
        );
        const check = () => {
          if (!test(out)) return;
          clearTimeout(timer);
          waiter = undefined;
          resolve(performance.now());
        };
        waiter = check;
        check();
      }),
    send: (keys) => child.stdin.write(keys),
  };
}

/** Strips ANSI sequences so frames read as text. */
const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
/** The last frame in the output (ink redraws the whole screen each time). */
const lastFrame = (out: string) => {
  const p = plain(out);
  return p.slice(p.lastIndexOf('layerscope '));
};
const cursorOn = (layer: number) => (out: string) => new RegExp(`›\\s+${layer}\\s`).test(lastFrame(out));

async function pressAndTime(term: Term, key: string, done: (out: string) => boolean): Promise<number> {
  term.mark();
  const t0 = performance.now();
  term.send(key);
  return (await term.waitFor(done, 10_000, `the answer to ${JSON.stringify(key)}`)) - t0;
}

interface RunResult {
  firstFrame: number;
  inkFrame: number;
  scanning: number[];
  scanMs: number;
  files: number[];
}

async function oneRun(): Promise<RunResult> {
  const term = openTerm(`node ${process.env.EXPLORE_NODE_ARGS ?? ''} bin/layerscope.js --no-cache explore ${image}`);
  const firstFrame =
    (await term.waitFor(
      (o) => plain(o).includes('RUN generate app') && plain(o).includes('CREATED BY'),
      20_000,
      'the first frame',
    )) - term.start;
  const inkFrame = (await term.waitFor((o) => plain(o).includes('↑↓ move'), 20_000, 'the ink frame')) - term.start;
  const scanning: number[] = [];
  let layer = 1;
  // While the scan runs (until the header says so), alternate j and k.
  while (!lastFrame(term.text()).includes('layers scanned') && scanning.length < 500) {
    const key = layer === 1 ? 'j' : 'k';
    layer = layer === 1 ? 2 : 1;
    scanning.push(await pressAndTime(term, key, cursorOn(layer)));
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
  const scanMs =
    (await term.waitFor(
      (o) => lastFrame(o).includes('layers scanned') && lastFrame(o).includes('efficiency'),
      120_000,
      'the analysis',
    )) - term.start;
  // Files pane of layer 2: open app/, node_modules/ (6,000 packages) and walk through it.
  if (layer !== 2) await pressAndTime(term, 'j', cursorOn(2));
  await pressAndTime(term, '\t', (o) => plain(o).includes('▌ Files'));
  await pressAndTime(term, '\r', (o) => plain(o).includes('▾ app/'));
  await pressAndTime(term, 'j', (o) => /›\+ +▸ node_modules/.test(plain(o)));
  await pressAndTime(term, '\r', (o) => plain(o).includes('▾ node_modules/'));
  const files: number[] = [];
  for (let i = 0; i < 30; i++) {
    const row = i + 3;
    // The position sits after the title (`+~-u 3/…`) or, since #18, right of it (`+~-u ─── 3/…`).
    files.push(
      await pressAndTime(term, 'j', (o) =>
        new RegExp(`Files layer 2 · changes · by size · \\+~-u[ ─]*${row}/`).test(plain(o)),
      ),
    );
    await new Promise((r) => setTimeout(r, 30));
  }
  term.send('q');
  await new Promise((r) => term.child.on('close', r));
  return { firstFrame, inkFrame, scanning, scanMs, files };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** The CLI's own start in the same pty (`--version`): the floor for any command's first output. */
async function cliStart(): Promise<number> {
  const term = openTerm('node bin/layerscope.js --version');
  const at = await term.waitFor((o) => /\d+\.\d+\.\d+/.test(o), 20_000, 'the version');
  await new Promise((r) => term.child.on('close', r));
  return at - term.start;
}

async function main(): Promise<void> {
  if (image === 'oci:bench/out/large-plain' && !existsSync(`${root}/bench/out/large-plain`)) {
    console.error('run first: npx tsx bench/generate-large-image.ts');
    process.exitCode = 1;
    return;
  }
  const results = [];
  const starts: number[] = [];
  for (let i = 0; i < runs; i++) {
    starts.push(await cliStart());
    const r = await oneRun();
    results.push(r);
    console.log(
      `run ${i + 1}: first frame ${ms(r.firstFrame)} · ink frame ${ms(r.inkFrame)} · scan+analysis ${ms(r.scanMs)} · ${r.scanning.length} keys while scanning: p50 ${ms(pct(r.scanning, 50))} p95 ${ms(pct(r.scanning, 95))} max ${ms(Math.max(...r.scanning))} · files pane keys p50 ${ms(pct(r.files, 50))} max ${ms(Math.max(...r.files))}`,
    );
  }
  const first = results.map((r) => r.firstFrame);
  const keys = results.flatMap((r) => r.scanning);
  const files = results.flatMap((r) => r.files);
  const slow = keys.filter((k) => k > VISIBLE_LAG).length;
  console.log(`\n${image}, ${runs} runs, 80×24 pty, cold scan (--no-cache)`);
  console.log(
    `first frame with the layer list: median ${ms(pct(first, 50))}, worst ${ms(Math.max(...first))} (budget ${BUDGET_FIRST_FRAME} ms: ${Math.max(...first) <= BUDGET_FIRST_FRAME ? 'met' : 'MISSED'})`,
  );
  console.log(
    `  for scale, the CLI's start alone (layerscope --version, same pty): median ${ms(pct(starts, 50))}; node itself: see \`time node -e 0\``,
  );
  const ink = results.map((r) => r.inkFrame);
  console.log(
    `first ink frame (keys answered from here; typed earlier, they wait): median ${ms(pct(ink, 50))}, worst ${ms(Math.max(...ink))}`,
  );
  console.log(
    `keys while scanning (${keys.length}): p50 ${ms(pct(keys, 50))}, p95 ${ms(pct(keys, 95))} (target ${BUDGET_KEY_P95} ms: ${pct(keys, 95) <= BUDGET_KEY_P95 ? 'met' : 'MISSED'}), p99 ${ms(pct(keys, 99))}, max ${ms(Math.max(...keys))}; over ${VISIBLE_LAG} ms: ${slow}`,
  );
  console.log(
    `keys in the files pane, 6,000-entry directory open (${files.length}): p50 ${ms(pct(files, 50))}, p95 ${ms(pct(files, 95))}, max ${ms(Math.max(...files))}`,
  );
}

await main();

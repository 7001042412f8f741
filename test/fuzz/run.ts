/**
 * `npm run fuzz -- --cases N --seed S [--jobs J] [--case I] [--spawn]`: a long fuzz run over the
 * built CLI (run `npm run build` first), in worker processes (`--spawn`: a process per case). Prints cases per family, exit codes, the slowest case and
 * the peak RSS, and each finding with the seed and case index that reproduce it
 * (`--case I` replays one case and prints its stderr). Exits 1 when anything was found.
 */
import { caseAt, fuzz } from './fuzz-loop.js';
import { caseMode, runCase } from './runner.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`fuzz: --${name} needs a whole number`);
    process.exit(2);
  }
  return value;
}

const seed = arg('seed', 1);
const one = arg('case', -1);
if (one >= 0) {
  const c = caseAt(seed, one);
  const r = await runCase(c, undefined, caseMode(one));
  console.log(
    `case ${one} (seed ${seed}) ${c.family}: ${c.what}\nexit ${r.code}, ${r.ms} ms, ${r.rssMb.toFixed(0)} MB${r.problem ? `, PROBLEM: ${r.problem}` : ''}\n${r.stderr}`,
  );
  process.exit(r.problem ? 1 : 0);
}
const cases = arg('cases', 1000);
const started = Date.now();
const summary = await fuzz({
  cases,
  seed,
  jobs: arg('jobs', 2),
  spawnAll: process.argv.includes('--spawn'),
  onCase: (done, s) => {
    if (done % 500 === 0)
      console.error(
        `${done}/${cases} cases, ${s.findings.length} findings, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
  },
});
console.log(`${summary.cases} cases (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(
  `per family: ${Object.entries(summary.perFamily)
    .map(([f, n]) => `${f} ${n}`)
    .join(', ')}`,
);
console.log(
  `exit codes: ${Object.entries(summary.exits)
    .map(([c, n]) => `${c}: ${n}`)
    .join(', ')}`,
);
console.log(
  `slowest case ${summary.maxMs} ms, peak RSS ${summary.maxRssMb.toFixed(0)} MB (of ${summary.spawned} cases run as their own process; ${summary.cleared} of them looked wrong only in the worker)`,
);
console.log(`${summary.findings.length} findings`);
for (const f of summary.findings)
  console.log(
    `- [${f.family}] seed ${f.seed} case ${f.index}: ${f.problem} — ${f.what}\n    ${f.stderr.trim().split('\n').join('\n    ')}`,
  );
process.exitCode = summary.findings.length > 0 ? 1 : 0;

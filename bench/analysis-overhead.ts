/**
 * What the analysis (merged view, dive and reclaimable waste, roll-ups, hints) adds to a
 * scan, measured in the same process: scan time, then merge + analysis time, and the peak
 * RSS of that process; a second process only scans, for its peak RSS. No scan cache.
 *   npm run build && npx tsx bench/analysis-overhead.ts [--image REF] [--runs 3]
 * Without --image: the generated waste image (bench/generate-waste-image.ts, made when
 * missing). Budget: analysis ≤ 20% of the scan time, peak RSS ≤ 300 MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The built code (npm run build), as the CLI runs it: tsx's transform of src/ is slower.
import { analyzeImage } from '../dist/analysis/report/image-analysis.js';
import { buildLayerReport } from '../dist/analysis/report/layer-report.js';
import { mergeLayers } from '../dist/analysis/fs/merge.js';
import { ScanSession } from '../dist/scan/scan-image.js';
import { openImage } from '../dist/source/open-image.js';
import { generateWasteImage, WASTE_IMAGE_DIR } from './generate-waste-image.js';

interface Measure {
  entries: number;
  paths: number;
  scanMs: number;
  mergeMs: number;
  analyzeMs: number;
  /** CPU time (user + system, all threads): steadier than wall time on a busy machine. */
  scanCpuMs: number;
  analysisCpuMs: number;
  maxRssMB: number;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function child(ref: string, mode: 'scan' | 'full'): Promise<Measure> {
  const image = await openImage(ref);
  try {
    const c0 = cpuMs();
    const t0 = performance.now();
    const scans = await new ScanSession().scanImage(image);
    const t1 = performance.now();
    const c1 = cpuMs();
    const entries = scans.reduce((a, s) => a + s.entries.length, 0);
    const m: Measure = {
      entries,
      paths: 0,
      scanMs: t1 - t0,
      mergeMs: 0,
      analyzeMs: 0,
      scanCpuMs: c1 - c0,
      analysisCpuMs: 0,
      maxRssMB: 0,
    };
    if (mode === 'full') {
      const fs = mergeLayers(scans);
      const t2 = performance.now();
      const createdBy = buildLayerReport(image, scans)
        .rows.filter((r) => r.layer !== null)
        .map((r) => r.createdBy);
      const analysis = analyzeImage(fs, { createdBy });
      m.mergeMs = t2 - t1;
      m.analyzeMs = performance.now() - t2;
      m.analysisCpuMs = cpuMs() - c1;
      m.paths = fs.paths.size;
      if (analysis.layers !== scans.length) throw new Error('analysis lost layers');
    }
    m.maxRssMB = process.resourceUsage().maxRSS / 1024;
    return m;
  } finally {
    await image.close();
  }
}

function runChild(ref: string, mode: string): Measure {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--child', mode, '--image', ref],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure;
}

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f1 = (n: number) => n.toFixed(1);

async function main(): Promise<void> {
  const mode = arg('--child');
  let ref = arg('--image');
  if (mode) {
    console.log(JSON.stringify(await child(ref!, mode as 'scan' | 'full')));
    return;
  }
  if (!ref) {
    if (!existsSync(join(WASTE_IMAGE_DIR, 'index.json'))) await generateWasteImage();
    ref = `oci:${WASTE_IMAGE_DIR}`;
  }
  const runs = Number(arg('--runs') ?? 3);
  const full: Measure[] = [];
  const scanOnly: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    full.push(runChild(ref, 'full'));
    scanOnly.push(runChild(ref, 'scan'));
  }
  const ratio = full.map((m) => (m.mergeMs + m.analyzeMs) / m.scanMs);
  const cpuRatio = full.map((m) => m.analysisCpuMs / m.scanCpuMs);
  console.log(
    `image: ${ref}: ${full[0].entries.toLocaleString('en-US')} entries, ${full[0].paths.toLocaleString('en-US')} paths`,
  );
  for (const m of full) {
    const wall = `scan ${f1(m.scanMs)} ms, merge ${f1(m.mergeMs)} ms, analysis ${f1(m.analyzeMs)} ms (+${f1(((m.mergeMs + m.analyzeMs) / m.scanMs) * 100)}%)`;
    console.log(
      `  wall: ${wall}; CPU: scan ${f1(m.scanCpuMs)} ms, merge + analysis ${f1(m.analysisCpuMs)} ms (+${f1((m.analysisCpuMs / m.scanCpuMs) * 100)}%); peak RSS ${f1(m.maxRssMB)} MB`,
    );
  }
  console.log(
    `median overhead: +${f1(median(ratio) * 100)}% of the scan's wall time, +${f1(median(cpuRatio) * 100)}% of its CPU time (budget 20%)`,
  );
  console.log(
    `peak RSS: scan + analysis ${f1(median(full.map((m) => m.maxRssMB)))} MB, scan only ${f1(median(scanOnly.map((m) => m.maxRssMB)))} MB (budget 300 MB)`,
  );
}

await main();

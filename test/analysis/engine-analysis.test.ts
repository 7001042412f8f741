/**
 * The analysis on an image built by the real engine (classic builder, overlay2, FROM
 * scratch + the host's busybox-static), read from the daemon (docker:) and from
 * `docker save` (docker-archive:): identical results, and the numbers worked out by hand
 * from the Dockerfile below.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeLayers } from '../../src/analysis/fs/merge.js';
import { pathHistory } from '../../src/analysis/fs/merged-queries.js';
import { ScanSession } from '../../src/scan/scan-image.js';
import { openImage } from '../../src/source/open-image.js';
import { runCli } from '../helpers/cli.js';
import { docker, useEngine } from '../helpers/engine.js';
import { removeImages, saveImage, uniqueTag } from '../daemon/engine-images.js';

const BUSYBOX = '/bin/busybox';
// Layers: 1 busybox, 2 its symlinks, 3 writes, 4 overwrites big.bin, 5 chmod -R (overlay2
// copies every file up, and the copy-up splits the hardlink), 6 deletes /app/data,
// 7 re-creates /cache (an opaque directory), 8 leaves apt lists.
const DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox mkdir -p /usr/bin /sbin /usr/sbin /tmp /etc && /bin/busybox --install -s"]
RUN mkdir -p /app/data /cache && head -c 300000 /dev/zero > /app/data/big.bin && head -c 20000 /dev/zero > /app/a.txt && ln /app/a.txt /app/a-link.txt && head -c 5000 /dev/zero > /cache/old
RUN yes x | head -c 300000 > /app/data/big.bin
RUN chmod -R 755 /app
RUN rm -rf /app/data
RUN rm -rf /cache && mkdir /cache && echo new > /cache/new
RUN mkdir -p /var/lib/apt/lists && for i in 1 2 3; do head -c 60000 /dev/zero > /var/lib/apt/lists/l$i; done
`;

// Skips only where no engine answers; in CI (LAYERSCOPE_REQUIRE_DOCKER=1) useEngine() throws instead.
const engine = useEngine();
const tag = uniqueTag('waste');
let dir: string;
let archive: string;

beforeAll(() => {
  if (!engine) return;
  dir = mkdtempSync(join(tmpdir(), 'layerscope-engine-analysis-'));
  const context = join(dir, 'context');
  mkdirSync(context);
  copyFileSync(BUSYBOX, join(context, 'busybox'));
  writeFileSync(join(context, 'Dockerfile'), DOCKERFILE);
  docker(['build', '-q', '--no-cache', '--force-rm', '-t', tag, context]);
  archive = `docker-archive:${join(dir, 'waste.tar')}`;
  saveImage(tag, join(dir, 'waste.tar'));
});

afterAll(() => {
  if (!engine) return;
  removeImages([tag]);
  rmSync(dir, { recursive: true, force: true });
});

async function analysisOf(ref: string, ...args: string[]) {
  const r = await runCli(['inspect', '--json', '--no-cache', ref, ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).analysis;
}

describe.skipIf(!engine)('analysis of an engine-built image', () => {
  it('is identical read from the daemon and from docker save', async () => {
    const fromDaemon = await analysisOf(`docker:${tag}`, '--files', '--tree');
    const fromSave = await analysisOf(archive, '--files', '--tree');
    expect(fromDaemon).toEqual(fromSave);
    for (const flags of [['--files', '--layer', '5'], ['--tree', '--depth', '2', '--sort', 'inodes'], []]) {
      const a = await runCli(['inspect', '--no-cache', `docker:${tag}`, ...flags]);
      const b = await runCli(['inspect', '--no-cache', archive, ...flags]);
      expect(a.code).toBe(0);
      const analysisText = (s: string) => s.slice(s.indexOf('Efficiency'));
      expect(flags.length === 0 ? analysisText(a.stdout) : a.stdout).toBe(
        flags.length === 0 ? analysisText(b.stdout) : b.stdout,
      );
    }
  });

  it('gives the numbers worked out from the Dockerfile', async () => {
    const a = await analysisOf(archive);
    const B = statSync(BUSYBOX).size;
    // Reclaimable: big.bin 300,000 three times (layer 3 by 4, 4 by 5, 5 deleted by 6),
    // a.txt 20,000 (3 by 5; its hardlink went with it), /cache/old 5,000 (3, opaque in 7);
    // inodes: those 5 files and the deleted /app/data directory.
    expect(a.reclaimable).toMatchObject({
      bytes: 925_000,
      inodes: 6,
      overwritten: { bytes: 620_000, inodes: 3 },
      deleted: { bytes: 305_000, inodes: 3 },
    });
    expect(
      a.reclaimable.blame.map((b: Record<string, unknown>) => [b.writtenBy, b.madeDeadBy, b.reason, b.bytes, b.inodes]),
    ).toEqual([
      [5, 6, 'deleted', 300_000, 2],
      [3, 4, 'overwritten', 300_000, 1],
      [4, 5, 'overwritten', 300_000, 1],
      [3, 5, 'overwritten', 20_000, 1],
      [3, 7, 'deleted', 5_000, 1],
    ]);
    // dive: big.bin 3 × 300,000 + a.txt 2 × 20,000 + a-link.txt (0, then 20,000 as its own
    // file) = 960,000 wasted. Layer sizes: B, 0, 325,000, 300,000, 340,000, 0, 4, 180,000.
    // Σ visits = B + 325,000 + 300,000 + 340,000 + 300,000 (the whiteout of /app/data) + 4
    // + 180,000; Σ smallest = B + 300,000 + 20,000 + 0 + 5,000 + 300,000 + 4 + 180,000.
    expect(a.dive).toMatchObject({
      wastedBytes: 960_000,
      userBytes: 1_145_004,
      totalBytes: B + 1_145_004,
      discoveredBytes: B + 1_445_004,
      minimumBytes: B + 805_004,
    });
    expect(a.dive.efficiency).toBeCloseTo((B + 805_004) / (B + 1_445_004), 12);
    expect(a.hints).toEqual([
      expect.objectContaining({ kind: 'apt-lists', status: 'present', bytes: 180_000, files: 3, layers: [8] }),
    ]);
  });

  it("keeps each path's history across layers", async () => {
    const image = await openImage(`docker:${tag}`);
    try {
      const fs = mergeLayers(await new ScanSession().scanImage(image));
      const history = (p: string) => pathHistory(fs, p).map((c) => `${c.layer} ${c.change} ${c.size}`);
      expect(history('/app/data/big.bin')).toEqual([
        '3 added 300000',
        '4 modified 300000',
        '5 modified 300000',
        '6 removed 300000',
      ]);
      expect(history('/cache/old')).toEqual(['3 added 5000', '7 removed 5000']);
      expect(history('/cache/new')).toEqual(['7 added 4']);
    } finally {
      await image.close();
    }
  });
});

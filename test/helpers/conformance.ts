/**
 * The conformance image: one generated image with every corner a layer tar can have, and a
 * summary of a scan that every source must reproduce exactly. Each source's test feeds
 * this image through its own transport and compares with `expectedSummary()`.
 */
import { ScanSession } from '../../src/scan/scan-image.js';
import type { LayerScan } from '../../src/scan/layer-scan.js';
import { validateImage } from '../../src/source/validate-image.js';
import { openImage, type OpenOptions } from '../../src/source/open-image.js';
import { buildImage, type BuiltImage, type ImageSpec } from '../fixtures/image-builder/index.js';

const LONG_DIR = 'usr/share/' + 'very-long-directory-name-'.repeat(6);

export const CONFORMANCE_SPEC: ImageSpec = {
  layers: [
    {
      createdBy: '/bin/sh -c #(nop) ADD rootfs.tar /',
      entries: [
        { type: 'dir', path: 'bin' },
        { type: 'file', path: 'bin/busybox', size: 70_000, mode: 0o755 },
        { type: 'symlink', path: 'bin/sh', target: 'busybox' },
        { type: 'hardlink', path: 'bin/ls', target: 'bin/busybox' },
        { type: 'dir', path: 'etc' },
        { type: 'file', path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' },
        { type: 'dir', path: 'dev' },
        { type: 'char', path: 'dev/null' },
        { type: 'fifo', path: 'dev/initctl' },
        { type: 'dir', path: 'app' },
        { type: 'dir', path: 'app/cache' },
        { type: 'file', path: 'app/cache/a.bin', size: 5_000 },
        { type: 'file', path: 'app/old.txt', content: 'old' },
      ],
    },
    {
      createdBy: '/bin/sh -c mkdir -p /usr/share && touch long names',
      longNames: 'pax',
      entries: [
        { type: 'dir', path: LONG_DIR },
        { type: 'file', path: `${LONG_DIR}/pax-file-name.txt`, size: 1_234 },
        { type: 'file', path: Buffer.from([0x6e, 0x6f, 0x6e, 0x2d, 0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74]) },
        { type: 'file', path: 'caf\u00e9.txt', content: 'utf-8 name' },
      ],
    },
    { createdBy: '/bin/sh -c #(nop) WORKDIR /app', entries: [] },
    {
      createdBy: '/bin/sh -c rm /app/old.txt && rm -rf /app/cache/*',
      longNames: 'gnu',
      entries: [
        { type: 'whiteout', path: 'app/old.txt' },
        { type: 'opaque', dir: 'app/cache' },
        { type: 'file', path: `app/${'gnu-long-name-'.repeat(9)}.js`, size: 300 },
      ],
    },
  ],
  history: [
    { createdBy: '/bin/sh -c #(nop) ADD rootfs.tar /' },
    { createdBy: '/bin/sh -c #(nop)  ENV A=1', emptyLayer: true },
    { createdBy: '/bin/sh -c mkdir -p /usr/share && touch long names' },
    { createdBy: '/bin/sh -c #(nop) WORKDIR /app' },
    { createdBy: '/bin/sh -c rm /app/old.txt && rm -rf /app/cache/*' },
    { createdBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', emptyLayer: true },
  ],
};

export const conformanceImage = (): BuiltImage => buildImage(CONFORMANCE_SPEC);

/** The parts of a scan every source must agree on (compression-dependent fields left out). */
export function scanSummary(scans: LayerScan[]) {
  return scans.map((s) => ({
    diffID: s.diffID,
    tarSize: s.tarSize,
    gzipEstimate: s.gzipEstimate,
    size: s.size,
    contentBytes: s.contentBytes,
    counts: s.counts,
    inodes: s.inodes,
    entries: s.entries,
  }));
}

/** Freezes an image and everything in it: a scan must never write into what a source returned. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Opens `ref` as a frozen image (nothing may write into it) that keeps the model's invariants, and scans it. */
export async function scanReference(ref: string, opts: OpenOptions = {}) {
  const image = deepFreeze(await openImage(ref, opts));
  try {
    const problems = validateImage(image);
    if (problems.length > 0) throw new Error(`${ref}: the image breaks the model: ${problems.join('; ')}`);
    const session = new ScanSession();
    const scans = await session.scanImage(image);
    const described = await session.describe(image);
    const after = validateImage(described);
    if (after.length > 0) throw new Error(`${ref}: the described image breaks the model: ${after.join('; ')}`);
    return { image: described, scans, summary: scanSummary(scans) };
  } finally {
    await image.close();
  }
}

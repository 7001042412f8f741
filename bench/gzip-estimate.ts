/**
 * The pull estimate on the large benchmark image (npx tsx bench/generate-large-image.ts first):
 * per layer, the scan's gzip -6 estimate against the real gzip -6 of the tar (node:zlib, the
 * whole stream) and against the image's gzip blobs (pigz -6).
 * Usage: npm run build && npx tsx bench/gzip-estimate.ts
 */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { ScanSession } from '../dist/scan/scan-image.js';
import { openImage } from '../dist/source/open-image.js';

const out = fileURLToPath(new URL('./out', import.meta.url));

async function gzip6(path: string, offset: number, size: number): Promise<number> {
  let bytes = 0;
  const gzip = createGzip({ level: 6 });
  gzip.on('data', (c: Buffer) => (bytes += c.length));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  createReadStream(path, { start: offset, end: offset + size - 1 }).pipe(gzip);
  await done;
  return bytes;
}

const plain = await openImage(`oci:${out}/large-plain`);
const pigz = await openImage(`oci:${out}/large-gzip`);
const scans = await new ScanSession().scanImage(plain);
const pct = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(1)}%`;
console.log('layer  tar bytes      estimate   zlib gzip -6   vs zlib   pigz -6 blob   vs pigz');
for (const [i, scan] of scans.entries()) {
  const file = plain.layers[i].file!;
  const real = await gzip6(file.path, file.offset, file.size);
  const blob = pigz.layers[i].blobSize!;
  console.log(
    [i + 1, scan.tarSize, scan.gzipEstimate, real, pct(scan.gzipEstimate, real), blob, pct(scan.gzipEstimate, blob)]
      .map((v) => String(v).padStart(12))
      .join(' '),
  );
}
await plain.close();
await pigz.close();

/**
 * A docker-archive whose layer 2 of 3 is damaged after writing: its gzip stream is
 * overwritten in the middle, so scanning that layer fails while layers 1 and 3 read fine.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildImage, withLayerCompression, writeDockerArchive } from '../fixtures/image-builder/index.js';

export function writeCorruptArchive(path: string): void {
  const bulk = (seed: number) => Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * seed + (i >> 7)) % 251));
  const image = withLayerCompression(
    buildImage({
      layers: [
        { createdBy: 'ADD rootfs.tar /', entries: [{ type: 'file', path: 'etc/os-release', content: 'ID=test\n' }] },
        {
          createdBy: 'RUN build --release',
          entries: [
            { type: 'file', path: 'opt/app/bin/app', content: bulk(7) },
            { type: 'file', path: 'opt/app/lib/data', content: bulk(13) },
          ],
        },
        {
          createdBy: 'COPY config /etc/app',
          entries: [{ type: 'file', path: 'etc/app/config', content: 'port=80\n' }],
        },
      ],
    }),
    'gzip',
  );
  writeDockerArchive(path, [{ image, tags: ['corrupt:1'] }], { format: 'oci', layers: 'gzip' });
  const bytes = readFileSync(path);
  const blob = image.layers[1].blob;
  const at = bytes.indexOf(blob);
  if (at < 0) throw new Error('corrupt-image: layer 2 not found in the archive');
  bytes.fill(0xff, at + Math.floor(blob.length / 2), at + Math.floor(blob.length / 2) + 64);
  writeFileSync(path, bytes);
}

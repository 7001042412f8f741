/** The scan cache's on-disk form keeps every field of a record (owner ids included) and rejects a damaged row. */
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeScan, encodeScan } from '../../src/scan/cache/cache-codec.js';
import { scanBlob } from '../../src/scan/scan-blob.js';
import { buildLayer } from '../fixtures/image-builder/index.js';

async function scanned() {
  const layer = buildLayer({
    entries: [
      { type: 'dir', path: 'srv', uid: 33, gid: 33, mode: 0o750 },
      { type: 'file', path: 'srv/app', content: 'x', uid: 1000, gid: 100, mode: 0o4755 },
      { type: 'file', path: 'etc/root', content: 'y' },
      { type: 'symlink', path: 'bin', target: 'usr/bin' },
    ],
  });
  return scanBlob(Readable.from([layer.blob]), { hashContent: true });
}

describe('scan cache codec', () => {
  it('round-trips uid, gid, mode, link targets and hashes', async () => {
    const scan = await scanned();
    expect(scan.entries.find((e) => e.path === '/srv/app')).toMatchObject({ uid: 1000, gid: 100, mode: 0o4755 });
    expect(await decodeScan(await encodeScan(scan), scan.diffID)).toEqual(scan);
  });

  it('rejects a row whose uid is not a whole number', async () => {
    const scan = await scanned();
    const raw = JSON.parse(gunzipSync(await encodeScan(scan)).toString('utf8'));
    raw.rows[1][7] = 'root';
    expect(await decodeScan(gzipSync(Buffer.from(JSON.stringify(raw))), scan.diffID)).toBeUndefined();
  });
});

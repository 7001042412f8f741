/**
 * sha256 on a worker thread: the same digests as node:crypto whatever the chunking (also
 * past the ring's 8 MiB, which exercises back-pressure), workers reused one after another
 * and used side by side, and a worker that dies fails its hash instead of hanging.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanBlob } from '../../src/scan/scan-blob.js';
import { createSha256 } from '../../src/scan/hash/sha256.js';
import { readdirSync, readFileSync } from 'node:fs';
import { setHashThreadNice, ThreadSha256 } from '../../src/scan/hash/sha256-thread.js';
import { buildLayer, fillerBytes } from '../fixtures/image-builder/index.js';

const expected = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function hashInChunks(hash: ThreadSha256, data: Buffer, chunk: number): Promise<string> {
  for (let off = 0; off < data.length; off += chunk) await hash.update(data.subarray(off, off + chunk));
  return hash.digest();
}

/** The nice value of each thread of this process (field 19 of /proc/self/task/TID/stat). */
const threadNices = () =>
  readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });

describe('sha256 on a worker thread', () => {
  const data = randomBytes(20 * 1024 * 1024 + 3);

  it('runs its threads at the nice value asked for (explore: 10), and the digest is the same', async () => {
    const before = threadNices().filter((n) => n === 10).length;
    setHashThreadNice(10);
    try {
      expect(await hashInChunks(new ThreadSha256(), data, 1 << 20)).toBe(expected(data));
      // The worker stays in the pool, idle: its thread is there to be read.
      expect(threadNices().filter((n) => n === 10).length).toBe(before + 1);
    } finally {
      setHashThreadNice(0);
    }
  });

  it('matches node:crypto for any chunking, through a full ring', async () => {
    for (const chunk of [1000, 3 * 1024 * 1024 + 1, data.length]) {
      expect(await hashInChunks(new ThreadSha256(), data, chunk)).toBe(expected(data));
    }
    expect(await new ThreadSha256().digest()).toBe(expected(Buffer.alloc(0)));
  });

  it('queues updates made while an earlier one waits, in order', async () => {
    const hash = new ThreadSha256();
    const waits: Array<Promise<void>> = [];
    for (let off = 0; off < data.length; off += 1 << 20) {
      const waiting = hash.update(data.subarray(off, off + (1 << 20)));
      if (waiting) waits.push(waiting);
    }
    expect(waits.length).toBeGreaterThan(0);
    expect(await hash.digest()).toBe(expected(data));
  });

  it('runs several hashes side by side', async () => {
    const other = randomBytes(9 * 1024 * 1024);
    const [a, b] = await Promise.all([
      hashInChunks(new ThreadSha256(), data, 65536),
      hashInChunks(new ThreadSha256(), other, 1 << 20),
    ]);
    expect([a, b]).toEqual([expected(data), expected(other)]);
  });

  it('fails the hash, without hanging, when its worker dies', async () => {
    const hash = new ThreadSha256();
    await hash.update(data.subarray(0, 1024));
    // Fault injection: stop the worker behind the hash's back.
    await (hash as unknown as { w: { worker: { terminate(): Promise<number> } } }).w.worker.terminate();
    await expect(hashInChunks(hash, data, 1 << 20)).rejects.toThrow(/sha256 worker stopped/);
    expect(await hashInChunks(new ThreadSha256(), data, 1 << 20)).toBe(expected(data));
  });

  it('gives scans the same result on either thread', async () => {
    const layer = buildLayer({
      entries: [
        { type: 'file', path: 'big', content: fillerBytes('big', 12 * 1024 * 1024) },
        { type: 'file', path: 'small', content: 'x' },
      ],
    });
    const inline = await scanBlob(Readable.from([layer.blob]), {
      expectDiffID: layer.diffID,
      expectDigest: layer.digest,
    });
    const threaded = await scanBlob(Readable.from([layer.blob]), {
      expectDiffID: layer.diffID,
      expectDigest: layer.digest,
      sizeHint: 1 << 30,
    });
    expect(threaded).toEqual(inline);
    const viaFactory = createSha256(1, 0);
    await viaFactory.update(Buffer.from('abc'));
    expect(await viaFactory.digest()).toBe(`sha256:${expected(Buffer.from('abc'))}`);
  });
});

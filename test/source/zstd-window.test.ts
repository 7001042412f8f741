/**
 * The zstd window guard walks real zstd output (the zstd CLI) without complaint — frames with
 * and without checksums, several frames, skippable frames, every way of cutting the stream
 * into chunks — and refuses a frame whose declared window is over the limit, wherever it is.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZstdWindowGuard } from '../../src/source/zstd-window.js';

const zstd = (data: Buffer, ...args: string[]) => {
  const r = spawnSync('zstd', ['-q', '-c', ...args], { input: data, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`zstd ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const skippable = (body: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(0x184d2a53, 0);
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
};
/** A frame header declaring a window of 2^log bytes, followed by an empty raw last block. */
const frameWithWindow = (log: number) => Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, (log - 10) << 3, 0x01, 0, 0]);

const walk = (stream: Buffer, chunk: number, limit?: number) => {
  const guard = new ZstdWindowGuard(limit);
  for (let at = 0; at < stream.length; at += chunk) guard.check(stream.subarray(at, at + chunk));
};

describe('zstd window guard', () => {
  const text = Buffer.from('layerscope '.repeat(50_000));
  const noise = randomBytes(300_000);
  const stream = Buffer.concat([
    zstd(text, '-3'),
    skippable(Buffer.from('metadata')),
    zstd(noise, '-19', '--no-check'),
    zstd(Buffer.concat([text, noise]), '-1', '--check'),
    zstd(Buffer.alloc(0)),
  ]);

  it.each([1, 3, 17, 4096, 1 << 20])('passes real zstd frames read %i bytes at a time', (chunk) => {
    expect(() => walk(stream, chunk)).not.toThrow();
  });

  it('passes a frame zstd --long=27 wrote from a pipe (a 128 MiB window: the limit)', () => {
    expect(() => walk(zstd(text, '--long=27'), 1 << 16)).not.toThrow();
  });

  it('refuses a frame over the limit after good ones, at any chunking', () => {
    const bad = Buffer.concat([stream, frameWithWindow(28)]);
    for (const chunk of [1, 5, 1 << 20])
      expect(() => walk(bad, chunk)).toThrow(/declares a 256 MiB window, over the 128 MiB limit/);
    expect(() => walk(Buffer.concat([stream, frameWithWindow(27)]), 7)).not.toThrow();
  });

  it('refuses a single-segment frame whose content size is over the limit', () => {
    // Descriptor 0xe0: single segment, an 8-byte frame content size of 2^40.
    const fcs = Buffer.alloc(8);
    fcs.writeBigUInt64LE(1n << 40n);
    const frame = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xe0]), fcs, Buffer.from([1, 0, 0])]);
    expect(() => walk(frame, 3)).toThrow(/declares a 1048576 MiB window/);
  });
});

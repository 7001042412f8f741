/**
 * Requests to the engine: the HTTP response parser on every framing and every split of the
 * input, and against the real engine the plain-socket requests next to dockerode's (error
 * answers, JSON answers, export bytes, back-pressure). The scans themselves are covered by
 * the conformance tests, which all read through here.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineAddress, resolveConnection } from '../../src/source/daemon/connection.js';
import { createHash } from 'node:crypto';
import { EngineClient } from '../../src/source/daemon/engine-client.js';
import { plainGet, plainSocket } from '../../src/source/daemon/engine-request.js';
import { HttpResponseParser } from '../../src/source/daemon/http-body.js';
import { useEngine } from '../helpers/engine.js';
import { buildTinyImage, removeImages, uniqueTag } from './engine-images.js';

// Skips only where no engine answers; in CI (LAYERSCOPE_REQUIRE_DOCKER=1) useEngine() throws instead.
const engine = useEngine();

function parse(parts: Buffer[], copy = true) {
  const body: Buffer[] = [];
  const heads: number[] = [];
  const parser = new HttpResponseParser(
    (b) => body.push(b),
    (h) => heads.push(h.statusCode),
    { copy },
  );
  for (const p of parts) parser.push(p);
  return { parser, body: Buffer.concat(body).toString('latin1'), heads };
}

/** Every way of cutting `text` into two or three reads. */
function splits(text: string): Buffer[][] {
  const all = Buffer.from(text, 'latin1');
  const out: Buffer[][] = [[all]];
  for (let i = 1; i < all.length; i++) {
    out.push([all.subarray(0, i), all.subarray(i)]);
    const j = Math.min(all.length - 1, i + 7);
    if (j > i) out.push([all.subarray(0, i), all.subarray(i, j), all.subarray(j)]);
  }
  return out;
}

const CHUNKED =
  'HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n \r\n6\r\nworld!\r\n0\r\nX-Trailer: 1\r\n\r\n';

describe('HttpResponseParser', () => {
  it('decodes a chunked body however the reads fall', () => {
    for (const parts of splits(CHUNKED)) {
      const r = parse(parts);
      expect(r.body).toBe('hello world!');
      expect(r.heads).toEqual([200]);
      expect(r.parser.done).toBe(true);
    }
  });

  it('reads Content-Length bodies and bodies that end with the connection', () => {
    for (const parts of splits('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 17\r\n\r\n{"message":"no"}\n')) {
      const r = parse(parts);
      expect(r.body).toBe('{"message":"no"}\n');
      expect(r.heads).toEqual([500]);
      expect(r.parser.done).toBe(true);
    }
    const open = parse([Buffer.from('HTTP/1.0 200 OK\r\n\r\nabc'), Buffer.from('def')]);
    expect(open.body).toBe('abcdef');
    expect(open.parser.done).toBe(false);
    expect(open.parser.endsAtClose).toBe(true);
  });

  it('is not done while a chunked body is cut short', () => {
    const r = parse([Buffer.from(CHUNKED.slice(0, 90), 'latin1')]);
    expect(r.parser.done).toBe(false);
    expect(r.parser.endsAtClose).toBe(false);
  });

  it('passes body bytes without copying when asked, and copies by default', () => {
    const input = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc', 'latin1');
    const views: Buffer[] = [];
    new HttpResponseParser((b) => views.push(b), undefined, { copy: false }).push(input);
    const copies: Buffer[] = [];
    new HttpResponseParser((b) => copies.push(b)).push(input);
    input.write('xyz', input.length - 3, 'latin1');
    expect(views[0].toString()).toBe('xyz');
    expect(copies[0].toString()).toBe('abc');
  });

  it('rejects what is not HTTP or not chunked encoding', () => {
    expect(() => parse([Buffer.from('SSH-2.0-OpenSSH\r\n\r\n')])).toThrow(/not an HTTP response/);
    expect(() => parse([Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')])).toThrow(
      /malformed chunked/,
    );
    expect(() => parse([Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY')])).toThrow(
      /malformed chunked/,
    );
  });
});

describe('plainSocket', () => {
  it('applies to unix sockets and plain TCP, not to TLS or ssh', () => {
    expect(plainSocket(resolveConnection({ DOCKER_HOST: 'unix:///run/docker.sock' }))).toBe(true);
    expect(plainSocket(resolveConnection({ DOCKER_HOST: 'tcp://10.0.0.1:2375' }))).toBe(true);
    expect(plainSocket(resolveConnection({ DOCKER_HOST: 'ssh://me@host' }))).toBe(false);
    expect(plainSocket(resolveConnection({ DOCKER_HOST: 'https://10.0.0.1:2376' }))).toBe(false);
  });
});

describe.skipIf(!engine)('engine requests (real engine)', () => {
  const conn = () => resolveConnection(process.env);
  // No options: not a plain socket, so the client goes through dockerode (the TLS and ssh
  // path), which finds the test engine through DOCKER_HOST itself.
  const viaDockerode = () => new EngineClient({ ...conn(), options: {} });
  const ignore = { write: () => undefined };

  it("turns the engine's error answer into an error with its status and message", async () => {
    const missing = `sha256:${'0'.repeat(64)}`;
    for (const get of [
      () => plainGet(conn(), `/images/${missing}/get`, ignore),
      () => viaDockerode().getJson(`/images/${missing}/json`),
    ]) {
      const err = await get().catch((e) => e);
      expect(err.statusCode).toBeGreaterThanOrEqual(400);
      expect(err.json?.message ?? err.message).toMatch(/0000000000/);
    }
  });

  it('stops when the signal aborts while the engine prepares the export', async () => {
    const abort = new AbortController();
    abort.abort(new Error('stop'));
    await expect(plainGet(conn(), `/images/${'0'.repeat(64)}/get`, ignore, abort.signal)).rejects.toThrow(/stop/);
  });

  it('gives the same answers and bytes over the plain socket and through dockerode, holding reads while asked', async () => {
    const tag = uniqueTag('engine-request');
    const image = buildTinyImage(tag);
    const sha = async (client: EngineClient, hold: boolean) => {
      const hash = createHash('sha256');
      let writes = 0;
      let last: Promise<void> | undefined;
      // Every third write is held for a turn of the event loop; later writes queue behind it.
      const write = (chunk: Buffer) => {
        if (!last && (!hold || ++writes % 3 !== 0)) return void hash.update(chunk);
        const waiting = (last ?? Promise.resolve()).then(
          () => new Promise<void>((resolve) => setImmediate(() => resolve(void hash.update(chunk)))),
        );
        last = waiting;
        void waiting.then(() => void (last === waiting && (last = undefined)));
        return waiting;
      };
      await client.getBody(`/images/${image}/get`, { write });
      return hash.digest('hex');
    };
    try {
      const plain = new EngineClient(conn());
      expect(plainSocket(plain.conn)).toBe(true);
      expect(plainSocket(viaDockerode().conn)).toBe(false);
      const direct = await sha(plain, true);
      expect(await sha(viaDockerode(), false)).toBe(direct);
      expect(await sha(plain, false)).toBe(direct);
      const inspect = await plain.getJson<{ Id: string }>(`/images/${tag}/json`);
      expect(inspect.Id).toBe(image);
      expect(await viaDockerode().getJson(`/images/${tag}/json`)).toEqual(inspect);
      expect(await plain.getJson(`/images/${image}/history`)).toEqual(
        await viaDockerode().getJson(`/images/${image}/history`),
      );
    } finally {
      removeImages([tag]);
    }
  });
});

/** A unix socket that answers a request with `answer` (parts 50 ms apart), or never when it is undefined. */
async function silentEngine(...answer: string[]): Promise<{ host: string; close: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-silent-'));
  const path = join(dir, 'engine.sock');
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.once('data', () => answer.forEach((part, i) => setTimeout(() => s.write(part), 50 * i)));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    host: `unix://${path}`,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('engine request deadlines', () => {
  const deadlines = { connectMs: 1000, answerMs: 300, idleMs: 300 };

  it('an engine that never answers fails within the answer deadline, saying so', async () => {
    const silent = await silentEngine();
    try {
      const started = Date.now();
      const err = await plainGet(
        engineAddress(silent.host, 'test', { verify: false }),
        '/images/x/json',
        { write: () => undefined },
        undefined,
        deadlines,
      ).catch((e) => e);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(err.message).toBe(`the Docker Engine at ${silent.host} did not answer within 300 ms (GET /images/x/json)`);
      expect(err.hint).toMatch(/--idle-timeout/);
    } finally {
      silent.close();
    }
  });

  it('a body that stops in the middle fails with the idle deadline; a consumer that holds bytes longer does not', async () => {
    const stalled = await silentEngine('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
    try {
      const err = await plainGet(
        engineAddress(stalled.host, 'test', { verify: false }),
        '/images/x/get',
        { write: () => undefined },
        undefined,
        deadlines,
      ).catch((e) => e);
      expect(err.message).toBe(
        `the Docker Engine at ${stalled.host} sent nothing for 300 ms in the middle of an answer (GET /images/x/get)`,
      );
    } finally {
      stalled.close();
    }
    const whole = await silentEngine('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc', 'def');
    try {
      const got: string[] = [];
      const slow = { write: (c: Buffer) => (got.push(c.toString()), new Promise<void>((r) => setTimeout(r, 800))) };
      await plainGet(engineAddress(whole.host, 'test', { verify: false }), '/images/x/get', slow, undefined, deadlines);
      expect(got.join('')).toBe('abcdef');
    } finally {
      whole.close();
    }
  });
});

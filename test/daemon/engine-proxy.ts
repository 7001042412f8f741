/**
 * Fault injection in front of the real engine: a unix socket that forwards every byte to
 * the engine's socket, records the request lines it sees, and can cut the connection in
 * the middle of an export (GET /images/{name}/get) after a number of response bytes.
 * Over TLS (a TCP port with a certificate, as a remote engine is reached) it can also stay
 * silent (accept, complete the handshake, never answer) or stall an export after a number of
 * bytes (the connection stays open, nothing more comes): the faults only dockerode's path sees.
 * Also: a stale socket file that nobody listens on (what a stopped engine leaves behind).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EngineProxy {
  /** DOCKER_HOST value that reaches the engine through the proxy. */
  host: string;
  /** "GET /v1.41/images/…/json" and so on, in order. */
  requests: string[];
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|POST|HEAD|PUT|DELETE) (\S+) HTTP\/1\.[01]$/gm;

export function engineSocket(): string {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (!host.startsWith('unix://')) throw new Error(`the engine proxy needs a unix socket, DOCKER_HOST is ${host}`);
  return host.slice('unix://'.length);
}

export interface ProxyOptions {
  cutExportAfter?: number;
  /** Forward this many bytes of an export, then nothing more (the connection stays open). */
  stallExportAfter?: number;
  /** Never answer a request (nothing is forwarded to the engine). */
  silent?: boolean;
  /** Listen on 127.0.0.1 over TLS with this server key and certificate (tls-certs.ts). */
  tls?: { key: string; cert: string };
}

export async function startEngineProxy(opts: ProxyOptions = {}): Promise<EngineProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-proxy-'));
  const path = join(dir, 'engine.sock');
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const onClient = (client: net.Socket) => {
    sockets.add(client);
    if (opts.silent) {
      client.on('data', (chunk) => {
        for (const m of chunk.toString('latin1').matchAll(REQUEST_LINE)) requests.push(`${m[1]} ${m[2]}`);
      });
      client.on('error', () => {});
      return;
    }
    const upstream = net.connect(engineSocket());
    sockets.add(client).add(upstream);
    let exporting = false;
    let forwarded = 0;
    client.on('data', (chunk) => {
      for (const m of chunk.toString('latin1').matchAll(REQUEST_LINE)) {
        requests.push(`${m[1]} ${m[2]}`);
        if (/\/images\/.+\/get$/.test(m[2])) exporting = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (exporting && opts.cutExportAfter !== undefined && (forwarded += chunk.length) > opts.cutExportAfter) {
        client.destroy();
        upstream.destroy();
        return;
      }
      if (exporting && opts.stallExportAfter !== undefined) {
        const room = opts.stallExportAfter - forwarded;
        forwarded += chunk.length;
        if (room > 0) client.write(chunk.subarray(0, room));
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    // A side that ends has its last bytes delivered before the other side closes.
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.writableEnded || upstream.destroy()).on('error', end);
    upstream.on('close', () => client.writableEnded || client.destroy()).on('error', end);
  };
  const server = opts.tls ? tls.createServer(opts.tls, onClient) : net.createServer(onClient);
  await new Promise<void>((resolve) =>
    opts.tls ? server.listen(0, '127.0.0.1', resolve) : server.listen(path, resolve),
  );
  return {
    host: opts.tls ? `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}` : `unix://${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** A socket file whose listener is gone: connecting to it is refused. */
export function staleSocket(dir: string): string {
  const path = join(dir, 'stopped-engine.sock');
  const script = `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script]);
  return path;
}

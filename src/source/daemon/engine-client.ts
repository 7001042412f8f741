/**
 * How layerscope talks to the engine. Over a plain socket (a unix socket, podman's included,
 * or TCP without TLS) it makes its GET requests itself (engine-request.ts); over TLS and ssh,
 * and for pulls, it goes through dockerode, loaded on first use. Loading dockerode costs
 * 180 ms of start-up here (its BuildKit session and ssh modules), and every millisecond
 * before the export request is asked for adds to the wait for the engine's export.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { describeCause, LayerscopeError } from '../../errors.js';
import { DEFAULT_DEADLINES, type Deadlines } from '../deadlines.js';
import type { EngineConnection } from './connection.js';
import { answerWithin, idleWatch } from './dockerode-deadlines.js';
import { abortReason, plainGet, plainSocket, type BodyConsumer } from './engine-request.js';

const STATUS_CODES = { 200: true, 404: 'not found', 500: 'server error' };
/**
 * The engine writes a whole `docker save` to a temporary directory before the first byte of
 * the export: its answer may take minutes on a large image, so that wait is at least 5 min.
 */
const EXPORT_ANSWER_MS = 5 * 60_000;

export class EngineClient {
  private dockerode: Promise<Docker> | undefined;

  constructor(
    readonly conn: EngineConnection,
    readonly deadlines: Deadlines = DEFAULT_DEADLINES,
  ) {}

  /** dockerode, set up for this connection (loaded once, when first needed). */
  docker(): Promise<Docker> {
    return (this.dockerode ??= createDockerode(this.conn));
  }

  /** GET `path`, answered as JSON; rejects like dockerode (statusCode, json) on an error status. */
  async getJson<T>(path: string): Promise<T> {
    if (!plainSocket(this.conn)) {
      const docker = await this.docker();
      return answerWithin(this.conn, this.deadlines, `GET ${path}`, undefined, (abortSignal) =>
        dial<T>(docker, { path, method: 'GET', abortSignal, statusCodes: STATUS_CODES }),
      );
    }
    const chunks: Buffer[] = [];
    await plainGet(
      this.conn,
      path,
      { write: (chunk) => void chunks.push(Buffer.from(chunk)) },
      undefined,
      this.deadlines,
    );
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`the engine's answer to GET ${path} is not JSON: ${text.slice(0, 60)}`);
    }
  }

  /** GET `path` with its body handed to `consumer` as it arrives (see BodyConsumer). */
  async getBody(path: string, consumer: BodyConsumer, signal?: AbortSignal): Promise<void> {
    const deadlines = { ...this.deadlines, answerMs: Math.max(this.deadlines.answerMs, EXPORT_ANSWER_MS) };
    if (plainSocket(this.conn)) return plainGet(this.conn, path, consumer, signal, deadlines);
    const docker = await this.docker();
    const request = `GET ${path}`;
    const response = await answerWithin(this.conn, deadlines, request, signal, (abortSignal) =>
      dial<Readable>(docker, { path, method: 'GET', isStream: true, abortSignal, statusCodes: STATUS_CODES }),
    );
    const onAbort = () => response.destroy(abortReason(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    const idle = idleWatch(response, this.conn, deadlines, request);
    try {
      consumer.onResponse?.();
      for await (const chunk of response) {
        const waiting = consumer.write(chunk as Buffer);
        if (!waiting) continue;
        idle.hold(true);
        await waiting;
        idle.hold(false);
      }
    } finally {
      idle.stop();
      signal?.removeEventListener('abort', onAbort);
      response.destroy();
    }
  }
}

/** docker-modem's dial as a promise (its callback gets the body: JSON, or the stream). */
function dial<T>(docker: Docker, options: Parameters<Docker['modem']['dial']>[0]): Promise<T> {
  return new Promise((resolve, reject) =>
    docker.modem.dial(options, (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as T))),
  );
}

async function createDockerode(conn: EngineConnection): Promise<Docker> {
  const { default: Docker } = await import('dockerode');
  try {
    return new Docker(conn.options);
  } catch (err) {
    throw new LayerscopeError(
      'config',
      `cannot set up the connection to the Docker Engine (${conn.origin}): ${describeCause(err)}`,
      {
        hint: 'check DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH',
      },
    );
  }
}

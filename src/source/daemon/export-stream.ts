/**
 * Reads an engine export (GET /images/{id}/get, the bytes of `docker save`) as it arrives:
 * tar-stream walks the outer tar, and each member that looks like a layer is handed on as a
 * stream — nothing is written to disk, nothing is buffered beyond one chunk. Both save
 * layouts go through here: legacy (`<v1id>/layer.tar`, whose sha256 is the diffID) and
 * Docker 25+ (`blobs/sha256/<hex>`, named by digest). A member is a layer when its first
 * bytes say gzip, zstd or tar; JSON, VERSION and the like are skipped, symlinked duplicate
 * layers too. Small JSON members (the config among them) are handed to onJson whole.
 */
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { peek, sniffCompression } from '../decompress.js';
import type { StreamedBlob } from '../model.js';

/** A member as tar-stream hands it out (a streamx Readable with its header). */
type Source = ReturnType<typeof tar.extract> extends AsyncIterable<infer S> ? S : never;

const TAR_BLOCK = 512;
const JSON_LIMIT = 16 * 1024 * 1024;

export interface ExportOptions {
  /** Receives every JSON member up to 16 MiB (config, manifests), read whole. */
  onJson?: (name: string, bytes: Buffer) => void;
  /** Turns a failure of the outer stream into the error users see. */
  mapError?: (err: unknown) => Error;
}

export async function* exportBlobs(archive: Readable, opts: ExportOptions = {}): AsyncGenerator<StreamedBlob> {
  const extract = tar.extract();
  const mapped = new WeakSet<object>();
  const fail = (err: unknown): Error => {
    if (!opts.mapError || (typeof err === 'object' && err !== null && mapped.has(err))) return err as Error;
    const out = opts.mapError(err);
    mapped.add(out);
    return out;
  };
  let current: Readable | undefined;
  archive.on('error', (err) => {
    const failure = fail(err);
    current?.destroy(failure);
    extract.destroy(failure);
  });
  archive.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of extract) {
      const { name, type, size = 0 } = entry.header;
      const body = memberBody(entry, fail);
      const head = type === 'file' && size > 0 ? await peek(body, Math.min(TAR_BLOCK, size)) : undefined;
      if (head && isLayer(head, size)) {
        current = body;
        yield { name, digest: digestOf(name), size, stream: body };
        current = undefined;
      } else if (head && opts.onJson && head[0] === 0x7b && size <= JSON_LIMIT) {
        opts.onJson(name, await readAll(body));
      }
      await drain(body);
    }
  } catch (err) {
    throw fail(err);
  } finally {
    current = undefined;
    if (!archive.readableEnded) archive.destroy();
  }
}

/** gzip or zstd magic, or a tar header block (ustar magic, or all zeros: the empty tar). */
export function isLayer(head: Buffer, size: number): boolean {
  if (sniffCompression(head) !== 'none') return true;
  if (head.length < TAR_BLOCK || size % TAR_BLOCK !== 0) return false;
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return true;
  return head.every((b) => b === 0);
}

function digestOf(name: string): string | undefined {
  const hex = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(name)?.[1];
  return hex ? `sha256:${hex}` : undefined;
}

/**
 * A member's body as a Node stream (tar-stream hands out streamx streams). Errors are mapped,
 * so a consumer sees "export interrupted" however the outer stream failed.
 */
function memberBody(entry: Source, fail: (err: unknown) => Error): Readable {
  let ended = false;
  const body = new Readable({
    read: () => entry.resume(),
    destroy: (err, done) => {
      if (!ended) entry.destroy();
      done(err);
    },
  });
  entry.on('data', (chunk: unknown) => {
    if (!body.push(chunk as Buffer)) entry.pause();
  });
  entry.on('end', () => {
    ended = true;
    body.push(null);
  });
  entry.on('error', (err: unknown) => body.destroy(fail(err)));
  return body;
}

/** Waits until a member's body has been read to its end (by the consumer or here). */
function drain(body: Readable): Promise<void> {
  if (body.readableEnded || body.destroyed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    body.once('end', resolve);
    body.once('close', resolve);
    body.once('error', reject);
    body.resume();
  });
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

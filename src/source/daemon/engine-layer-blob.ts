/**
 * One engine layer's tar on its own. The engine hands out layers only inside an image export,
 * and a legacy export names a layer member by the diffID only in its manifest.json, which comes
 * after the layers. So a layer the export does not name by digest takes two passes: the first
 * learns which member holds the diffID (skipping every body), the second streams that member.
 * Nothing is written to disk; the engine checks each layer against its diffID as it exports.
 */
import { PassThrough, type Readable } from 'node:stream';
import { inputError } from '../../errors.js';
import type { BlobSink, Image } from '../model.js';

type PushBlobs = NonNullable<Image['pushBlobs']>;

export async function openEngineLayer(
  pushBlobs: PushBlobs,
  diffID: string,
  what: string,
  signal?: AbortSignal,
): Promise<Readable> {
  const member = await memberOf(pushBlobs, diffID, signal);
  if (!member) throw inputError(`${what}: the export holds no layer member with diffID ${diffID.slice(0, 19)}`);
  return streamMember(pushBlobs, member, signal);
}

/** The name of the export member whose diffID is `diffID` (a blob named by that digest, or as manifest.json says). */
async function memberOf(pushBlobs: PushBlobs, diffID: string, signal?: AbortSignal): Promise<string | undefined> {
  const seen: Array<{ name: string; diffID: Promise<string | undefined> }> = [];
  await pushBlobs((blob) => {
    const named = blob.digest ? Promise.resolve(blob.digest) : (blob.diffID ?? Promise.resolve(undefined));
    seen.push({ name: blob.name, diffID: named.catch(() => undefined) });
    return undefined;
  }, signal);
  for (const s of seen) if ((await s.diffID) === diffID) return s.name;
  return undefined;
}

/** A stream of one member's bytes, read from a second export; destroying it stops the export. */
function streamMember(pushBlobs: PushBlobs, member: string, signal?: AbortSignal): Readable {
  const out = new PassThrough();
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  out.once('close', () => {
    signal?.removeEventListener('abort', onAbort);
    if (!out.writableFinished) stop.abort(new Error('closed by its reader'));
  });
  pushBlobs((blob) => (blob.name === member ? into(out) : undefined), stop.signal).catch((err) => {
    if (!out.destroyed) out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
}

function into(out: PassThrough): BlobSink {
  return {
    write(chunk) {
      // The source reuses its buffer: the stream gets its own copy.
      if (out.write(Buffer.from(chunk))) return undefined;
      return new Promise<void>((resolve) => {
        out.once('drain', resolve);
        out.once('close', resolve);
      });
    },
    async end() {
      out.end();
    },
    abort() {
      out.destroy(new Error('the export ended inside the layer'));
    },
  };
}

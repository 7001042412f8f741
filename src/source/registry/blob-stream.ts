/**
 * A blob download that survives dropped connections: when the body breaks off before its
 * size, the rest is asked for again with `Range: bytes=N-` (or, from a server that ignores
 * ranges, the whole blob again with the first N bytes skipped), a bounded number of times.
 * The consumer sees one stream; destroying it ends the download.
 */
import { PassThrough, type Readable } from 'node:stream';
import { LayerscopeError } from '../../errors.js';
import { header, type HttpResponse } from './http.js';
import { isRetryableError, retryDelay, sleep, type RetryPolicy } from './retry.js';

export interface ResumeOptions {
  what: string;
  /** Expected length (from the manifest); without it only errors trigger a resume. */
  size?: number;
  retry: RetryPolicy;
  signal?: AbortSignal;
  /** Requests the blob from byte `from` on (0: the whole blob). */
  open(from: number): Promise<HttpResponse>;
}

/**
 * Returns at once; the request starts now and its failure arrives as the stream's error, so
 * the reader (the scan) reports it with the layer it was reading.
 */
export function resumableBlob(opts: ResumeOptions): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  // Nobody may be listening yet when a request fails; the reader gets the error all the same.
  out.on('error', () => {});
  let received = 0;
  let resumes = 0;
  let current: HttpResponse | undefined;
  out.on('close', () => current?.body.destroy());

  const attach = (res: HttpResponse, skip: number) => {
    current = res;
    let toSkip = skip;
    res.body.on('data', (chunk: Buffer) => {
      if (toSkip > 0) {
        const dropped = Math.min(toSkip, chunk.length);
        toSkip -= dropped;
        chunk = chunk.subarray(dropped);
        if (chunk.length === 0) return;
      }
      received += chunk.length;
      if (!out.write(chunk)) {
        res.body.pause();
        out.once('drain', () => res.body.resume());
      }
    });
    res.body.on('end', () => {
      if (opts.size !== undefined && received < opts.size) void resume(Object.assign(new Error('body ended early'), { code: 'ECONNRESET' }));
      else out.end();
    });
    res.body.on('error', (err) => void resume(err));
  };

  const resume = async (err: unknown) => {
    if (out.destroyed) return;
    if (!isRetryableError(err) || resumes + 1 >= opts.retry.attempts) {
      out.destroy(breakOff(err, opts.what, received, resumes));
      return;
    }
    resumes++;
    try {
      await sleep(retryDelay(resumes, undefined, opts.retry), opts.signal);
      const res = await opts.open(received);
      if (out.destroyed) return res.body.destroy();
      attach(res, res.status === 206 ? rangeSkip(res, received) : received);
    } catch (e) {
      out.destroy(e as Error);
    }
  };

  opts.open(0).then(
    (res) => (out.destroyed ? res.body.destroy() : attach(res, 0)),
    (err) => out.destroy(err),
  );
  return out;
}

/** A 206 must start where we stopped; anything else is skipped to that point or refused. */
function rangeSkip(res: HttpResponse, from: number): number {
  const start = Number(/bytes (\d+)-/.exec(header(res, 'content-range') ?? '')?.[1] ?? from);
  if (start > from) throw new LayerscopeError('registry', `the registry resumed a blob at byte ${start}, not ${from}`);
  return from - start;
}

function breakOff(err: unknown, what: string, received: number, resumes: number): LayerscopeError {
  const after = resumes > 0 ? ` (gave up after ${resumes + 1} tries)` : '';
  const reason = isRetryableError(err) ? 'connection reset by the registry' : (err as Error)?.message ?? String(err);
  return new LayerscopeError('registry', `${what}: ${reason} after ${received} bytes${after}`, { cause: err });
}

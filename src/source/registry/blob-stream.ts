/**
 * A blob download that survives dropped connections: when the body breaks off before its
 * size, the rest is asked for again with `Range: bytes=N-` (or, from a server that ignores
 * ranges, the whole blob again with the first N bytes skipped), a bounded number of times.
 * A body that broke off after its last byte is complete: nothing past the end is asked for.
 * The descriptor's size is a limit: a longer blob is cut off at size + 1 bytes and reported.
 * A digest other than sha256 is checked here (the scan checks sha256 as it reads).
 * The consumer sees one stream; destroying it ends the download.
 */
import { PassThrough, type Readable } from 'node:stream';
import { LayerscopeError } from '../../errors.js';
import { DEADLINE_HINT, isDeadlineError } from '../deadlines.js';
import { digestAlgorithm, digester } from './digests.js';
import { header, type HttpResponse } from './http.js';
import { isRetryableError, retryDelay, sleep, type RetryPolicy } from './retry.js';

export interface ResumeOptions {
  what: string;
  /** Expected length (from the manifest); without it only errors trigger a resume. */
  size?: number;
  /** The blob's digest: checked at the end unless it is sha256 (which the scan checks). */
  digest?: string;
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
  const check = otherDigest(opts.digest, opts.what);
  let received = 0;
  let resumes = 0;
  let current: HttpResponse | undefined;
  out.on('close', () => current?.body.destroy());
  const complete = () => opts.size !== undefined && received === opts.size;
  const finish = () => {
    const actual = check?.digest();
    if (check && actual !== opts.digest) out.destroy(mismatch(opts.digest!, actual!));
    else out.end();
  };

  const attach = (res: HttpResponse, skip: number) => {
    current = res;
    let toSkip = skip;
    if (tooLong(res, skip, received, opts)) {
      res.body.destroy();
      return void out.destroy(
        longerError(
          opts.what,
          opts.size!,
          `the registry announces ${Number(header(res, 'content-length')) - skip + received}`,
        ),
      );
    }
    res.body.on('data', (chunk: Buffer) => {
      if (toSkip > 0) {
        const dropped = Math.min(toSkip, chunk.length);
        toSkip -= dropped;
        chunk = chunk.subarray(dropped);
        if (chunk.length === 0) return;
      }
      if (opts.size !== undefined && received + chunk.length > opts.size) {
        res.body.destroy();
        return void out.destroy(longerError(opts.what, opts.size, `cut off at byte ${opts.size + 1}`));
      }
      received += chunk.length;
      check?.hash.update(chunk);
      if (!out.write(chunk)) {
        res.body.pause();
        out.once('drain', () => res.body.resume());
      }
    });
    res.body.on('end', () => {
      if (opts.size !== undefined && received < opts.size)
        void resume(Object.assign(new Error('body ended early'), { code: 'ECONNRESET' }));
      else finish();
    });
    res.body.on('error', (err) => (complete() ? finish() : void resume(err)));
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

/** The digest to check here: one that is not sha256 (the scan checks those). */
function otherDigest(digest: string | undefined, what: string) {
  if (!digest || digest.startsWith('sha256:')) return undefined;
  return digester(digestAlgorithm(digest, what));
}

/** A Content-Length that promises more than the descriptor's size: refused before reading. */
function tooLong(res: HttpResponse, skip: number, received: number, opts: ResumeOptions): boolean {
  const length = Number(header(res, 'content-length'));
  return opts.size !== undefined && Number.isFinite(length) && length - skip + received > opts.size;
}

function longerError(what: string, size: number, detail: string): LayerscopeError {
  return new LayerscopeError(
    'digest-mismatch',
    `${what}: the blob is longer than the ${size} bytes its descriptor gives (${detail})`,
    {
      hint: 'the registry or something between it and you changed the blob',
    },
  );
}

function mismatch(expected: string, actual: string): LayerscopeError {
  return new LayerscopeError(
    'digest-mismatch',
    `blob digest mismatch: expected ${expected.slice(0, 19)}, content is ${actual.slice(0, 19)}`,
    {
      hint: 'the image is corrupt or was modified after it was written',
    },
  );
}

/** A 206 must start where we stopped; anything else is skipped to that point or refused. */
function rangeSkip(res: HttpResponse, from: number): number {
  const start = Number(/bytes (\d+)-/.exec(header(res, 'content-range') ?? '')?.[1] ?? from);
  if (start > from) throw new LayerscopeError('registry', `the registry resumed a blob at byte ${start}, not ${from}`);
  return from - start;
}

function breakOff(err: unknown, what: string, received: number, resumes: number): LayerscopeError {
  if (isDeadlineError(err))
    return new LayerscopeError('registry', `${what}: ${err.message}, after ${received} bytes`, {
      hint: DEADLINE_HINT,
      cause: err,
    });
  const after = resumes > 0 ? ` (gave up after ${resumes + 1} tries)` : '';
  const reason = isRetryableError(err) ? 'connection reset by the registry' : ((err as Error)?.message ?? String(err));
  return new LayerscopeError('registry', `${what}: ${reason} after ${received} bytes${after}`, { cause: err });
}

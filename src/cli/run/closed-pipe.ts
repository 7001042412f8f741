/**
 * Output into a closed pipe (`layerscope inspect … | head -1`) ends the run quietly: the reader
 * has what it wanted. Node reports the closed pipe as an EPIPE 'error' event on the stream,
 * which would otherwise crash the process with a trace; here it is taken as the end of that
 * output, and later writes to the stream are dropped. Any other write error (a full disk behind
 * a redirect) is reported once, in one line, and makes the run fail with exit code 2.
 */
export interface OutputGuard {
  /** The other write error, if one happened. */
  readonly failure: string | null;
}

export function guardOutput(streams: NodeJS.WriteStream[]): OutputGuard {
  const guard = { failure: null as string | null };
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' || guard.failure) return;
    guard.failure = `cannot write output: ${err.message}`;
  };
  // Kept for the life of the process: a write still buffered when main returns can fail later.
  for (const s of streams) s.on('error', onError);
  return guard;
}

/**
 * What `docker push` would send for a layer stored as a plain tar: the size of the tar
 * gzipped at the default level (6), estimated while the tar goes by.
 *
 * A tar up to WHOLE_BYTES is deflated whole: the exact `gzip -6` size. A longer one is cut
 * into PIECE pieces and every k-th is deflated on its own, k the smallest power of two (2 or
 * more) that keeps at most MAX_SAMPLES pieces, each with the DICTIONARY bytes before it as
 * deflate's history (without it a piece of text compresses ~9% worse than inside the whole
 * stream; with 16 KiB ~1%). The estimate is deflated / raw bytes of those pieces × the tar
 * size, plus gzip's framing.
 *
 * The pieces chosen depend only on the tar's length, so every way of reading a layer (a
 * stream of unknown length, a file read where the samples lie) gives the same figure: a
 * content fact, cached with the scan by diffID. While the length is unknown the pieces that
 * may still be chosen are kept raw (at most WHOLE_BYTES, then MAX_SAMPLES pieces and their
 * histories) and deflated once the tar has ended, so no piece is deflated in vain.
 */
import { promisify } from 'node:util';
import { deflateRaw as deflateRawCb, type ZlibOptions } from 'node:zlib';

/** Deflates on libuv's thread pool: the pieces of a layer go in parallel, and the event loop stays free. */
const deflateRaw: (data: Buffer, options: ZlibOptions) => Promise<Buffer> = promisify(deflateRawCb);

const PIECE = 64 * 1024;
const MAX_SAMPLES = 32;
const DICTIONARY = 16 * 1024;
const WHOLE_PIECES = 64;
/** Tars up to this size are deflated whole. */
export const WHOLE_BYTES = PIECE * WHOLE_PIECES;
/** gzip's header (10 bytes) and trailer (CRC-32 and length, 8 bytes) around the deflate stream. */
const GZIP_FRAMING = 18;
const LEVEL = 6;

/** The step for a tar of `pieces` pieces: 1 (whole) up to WHOLE_PIECES, else the smallest power of two >= 2 keeping <= MAX_SAMPLES. */
function sampleStep(pieces: number): number {
  if (pieces <= WHOLE_PIECES) return 1;
  let k = 2;
  while (Math.ceil(pieces / k) > MAX_SAMPLES) k *= 2;
  return k;
}

const piecesOf = (bytes: number) => Math.ceil(bytes / PIECE);

interface Kept {
  piece: Buffer;
  /** The DICTIONARY bytes before the piece (none for the first, or while the tar may be deflated whole). */
  dictionary: Buffer | null;
}

export class GzipEstimator {
  private pos = 0;
  /** The step the tar's known length asks for (1 when unknown: the step grows as the tar does). */
  private readonly lengthStep: number;
  private step = 1;
  private readonly kept = new Map<number, Kept>();
  /** The piece being read, when it is one to keep; the tail of the piece before, when the next is. */
  private piece: Buffer | null = null;
  private nextDictionary: Buffer | null = null;
  private dictionary: Buffer | null = null;
  private fill = 0;

  /** `tarSize`, when known in advance, spares keeping pieces that will not be chosen. */
  constructor(tarSize?: number) {
    this.lengthStep = tarSize === undefined ? 1 : sampleStep(piecesOf(tarSize));
  }

  /** The next bytes of the tar; the chunk is not held after the call returns. */
  write(chunk: Buffer): void {
    const tailStart = PIECE - DICTIONARY;
    for (let at = 0; at < chunk.length;) {
      const offset = this.pos % PIECE;
      if (offset === 0) this.startPiece(this.pos / PIECE);
      const n = Math.min(chunk.length - at, (offset < tailStart ? tailStart : PIECE) - offset);
      if (this.piece) chunk.copy(this.piece, offset, at, at + n);
      if (this.nextDictionary && offset >= tailStart) chunk.copy(this.nextDictionary, offset - tailStart, at, at + n);
      this.fill = offset + n;
      at += n;
      this.pos += n;
      if (this.fill === PIECE) this.endPiece(this.pos / PIECE - 1);
    }
  }

  /** The estimated gzip -6 size of the whole tar. */
  async finish(): Promise<number> {
    if (this.pos % PIECE !== 0) this.endPiece(Math.floor(this.pos / PIECE));
    if (this.step === 1)
      return (
        (await deflateRaw(Buffer.concat([...this.kept.values()].map((k) => k.piece)), { level: LEVEL })).length +
        GZIP_FRAMING
      );
    return scaled(this.pos, [...this.kept.values()]);
  }

  private stepAt(pieces: number): number {
    return Math.max(this.lengthStep, sampleStep(pieces));
  }

  private chosen(index: number): boolean {
    const step = this.stepAt(index + 1);
    return step === 1 || index % step === 0;
  }

  private startPiece(index: number): void {
    const step = this.stepAt(index + 1);
    if (step > this.step) this.narrow(step);
    const keep = this.chosen(index);
    this.piece = keep ? Buffer.allocUnsafe(PIECE) : null;
    this.dictionary = keep ? this.nextDictionary : null;
    this.nextDictionary = this.stepAt(index + 2) > 1 && this.chosen(index + 1) ? Buffer.allocUnsafe(DICTIONARY) : null;
  }

  private endPiece(index: number): void {
    if (this.piece) this.kept.set(index, { piece: this.piece.subarray(0, this.fill), dictionary: this.dictionary });
    this.piece = null;
  }

  /** The tar grew past what `this.step` covers: keeps only the pieces the new step chooses. */
  private narrow(step: number): void {
    const whole = this.step === 1;
    for (const [i, kept] of this.kept) {
      if (i % step !== 0) continue;
      if (whole && i > 0) kept.dictionary = Buffer.from(this.kept.get(i - 1)!.piece.subarray(PIECE - DICTIONARY));
    }
    for (const i of [...this.kept.keys()]) if (i % step !== 0) this.kept.delete(i);
    this.step = step;
  }
}

/** deflated / raw bytes of the pieces, times the tar size, plus gzip's framing. */
async function scaled(tarSize: number, pieces: Kept[]): Promise<number> {
  const raw = pieces.reduce((sum, { piece }) => sum + piece.length, 0);
  const sizes = await Promise.all(
    pieces.map(
      async ({ piece, dictionary }) =>
        (await deflateRaw(piece, dictionary ? { level: LEVEL, dictionary } : { level: LEVEL })).length,
    ),
  );
  const deflated = sizes.reduce((a, b) => a + b, 0);
  return (raw > 0 ? Math.round((deflated / raw) * tarSize) : 0) + GZIP_FRAMING;
}

/** The same estimate for a tar the caller reads where asked (a file it can seek in). */
export async function estimateFromRanges(
  tarSize: number,
  read: (offset: number, length: number) => Promise<Buffer>,
): Promise<number> {
  const step = sampleStep(piecesOf(tarSize));
  if (step === 1) return (await deflateRaw(await read(0, tarSize), { level: LEVEL })).length + GZIP_FRAMING;
  const pieces: Kept[] = [];
  for (let offset = 0; offset < tarSize; offset += step * PIECE) {
    const before = Math.min(offset, DICTIONARY);
    const bytes = await read(offset - before, before + Math.min(PIECE, tarSize - offset));
    pieces.push({ piece: bytes.subarray(before), dictionary: before > 0 ? bytes.subarray(0, before) : null });
  }
  return scaled(tarSize, pieces);
}

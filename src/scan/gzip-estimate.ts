/**
 * What `docker push` would send for a layer stored as a plain tar: the size of the tar
 * gzipped at the default level (6), estimated while the tar goes by. Layers up to
 * WHOLE_BYTES are deflated whole (the exact `gzip -6` size); larger ones are cut into
 * SAMPLE_CHUNK pieces and every k-th piece is deflated on its own, k the smallest power of
 * two that keeps at most MAX_SAMPLES pieces, with the 32 KiB before it as deflate's
 * dictionary (without that history a piece compresses ~9% worse than inside the whole
 * stream, with it <1%). The estimate is compressed / raw bytes of the pieces × the tar size. The pieces chosen depend only on the tar's length, so every way of
 * reading a layer (a stream of unknown length, a file read where the walk needs it) gives the
 * same figure: it is a content fact, cached with the scan by diffID. Memory: at most
 * WHOLE_BYTES per layer. Cost: at most MAX_SAMPLES pieces deflated once the length is known;
 * a stream of unknown length deflates a few pieces more (those dropped as k doubles).
 */
import { deflateRawSync } from 'node:zlib';

export const SAMPLE_CHUNK = 64 * 1024;
/** Bytes before a piece given to deflate as its history (deflate's window is 32 KiB). */
const DICTIONARY = 32 * 1024;
export const MAX_SAMPLES = 64;
/** Layers up to this size are deflated whole. */
export const WHOLE_BYTES = SAMPLE_CHUNK * MAX_SAMPLES;
/** gzip's header (10 bytes) and trailer (CRC-32 and length, 8 bytes) around the deflate stream. */
const GZIP_FRAMING = 18;
const LEVEL = 6;

/** The sampling step for a tar of `chunks` pieces: the smallest power of two k with ceil(chunks / k) <= MAX_SAMPLES. */
export function sampleStep(chunks: number): number {
  let k = 1;
  while (Math.ceil(chunks / k) > MAX_SAMPLES) k *= 2;
  return k;
}

const chunksOf = (bytes: number) => Math.ceil(bytes / SAMPLE_CHUNK);

/** The byte ranges of a tar of `tarSize` bytes that the estimate deflates (for readers that seek). */
export function sampleRanges(tarSize: number): Array<{ offset: number; length: number }> {
  const step = sampleStep(chunksOf(tarSize));
  const ranges: Array<{ offset: number; length: number }> = [];
  for (let i = 0; i * SAMPLE_CHUNK < tarSize; i += step) {
    const offset = i * SAMPLE_CHUNK;
    ranges.push({ offset, length: Math.min(SAMPLE_CHUNK, tarSize - offset) });
  }
  return ranges;
}

export class GzipEstimator {
  private pos = 0;
  /** The step the tar's known length asks for (1 when unknown: the step grows as it goes). */
  private readonly lengthStep: number;
  private step = 1;
  /** Deflated sizes of the pieces kept, by piece index. */
  private readonly samples = new Map<number, Sample>();
  /** The first WHOLE_BYTES as pieces, kept until the tar proves longer (then sampled). */
  private head: Buffer[] | null = [];
  /** The piece being assembled when it is one to keep, and the bytes before it. */
  private piece: Buffer | null = null;
  private pieceDict: Buffer | null = null;
  private fill = 0;
  /** The last DICTIONARY bytes of this piece, when the next piece is one to keep. */
  private nextDict: Buffer | null = null;

  /** `tarSize`, when known in advance, spares deflating pieces that will not be kept. */
  constructor(tarSize?: number) {
    this.lengthStep = tarSize === undefined ? 1 : sampleStep(chunksOf(tarSize));
    if (tarSize !== undefined && tarSize > WHOLE_BYTES) this.head = null;
  }

  /** The next bytes of the tar; the chunk is not held after the call returns. */
  write(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const inPiece = this.pos % SAMPLE_CHUNK;
      if (inPiece === 0) this.startPiece(this.pos / SAMPLE_CHUNK);
      const boundary = inPiece < SAMPLE_CHUNK - DICTIONARY ? SAMPLE_CHUNK - DICTIONARY : SAMPLE_CHUNK;
      const n = Math.min(chunk.length - at, boundary - inPiece);
      if (this.piece) chunk.copy(this.piece, inPiece, at, at + n);
      if (this.nextDict && inPiece >= SAMPLE_CHUNK - DICTIONARY) chunk.copy(this.nextDict, inPiece - (SAMPLE_CHUNK - DICTIONARY), at, at + n);
      this.fill = inPiece + n;
      at += n;
      this.pos += n;
      if (this.fill === SAMPLE_CHUNK) this.endPiece(this.pos / SAMPLE_CHUNK - 1);
    }
  }

  /** The estimated gzip size of the whole tar. */
  finish(): number {
    if (this.pos % SAMPLE_CHUNK !== 0) this.endPiece(Math.floor(this.pos / SAMPLE_CHUNK));
    return estimateFrom(this.pos, this.head, this.samples);
  }

  /** Whether piece `index` is kept: its index is a multiple of the step a tar of index + 1 pieces needs. */
  private kept(index: number): boolean {
    return index % Math.max(this.lengthStep, sampleStep(index + 1)) === 0;
  }

  private startPiece(index: number): void {
    if (this.head && index >= MAX_SAMPLES) this.sampleHead();
    const step = Math.max(this.lengthStep, sampleStep(index + 1));
    if (step > this.step) {
      this.step = step;
      for (const i of this.samples.keys()) if (i % step !== 0) this.samples.delete(i);
    }
    const keep = this.head !== null || this.kept(index);
    this.piece = keep ? Buffer.allocUnsafe(SAMPLE_CHUNK) : null;
    this.pieceDict = keep ? this.nextDict : null;
    this.nextDict = this.head === null && this.kept(index + 1) ? Buffer.allocUnsafe(DICTIONARY) : null;
  }

  private endPiece(index: number): void {
    if (!this.piece) return;
    const bytes = this.piece.subarray(0, this.fill);
    if (this.head) this.head.push(bytes);
    else this.samples.set(index, deflatedSample(bytes, this.pieceDict));
    this.piece = null;
  }

  /** The tar is longer than WHOLE_BYTES: its first pieces are sampled at the step it now needs. */
  private sampleHead(): void {
    const head = this.head!;
    this.head = null;
    this.step = Math.max(this.lengthStep, sampleStep(MAX_SAMPLES + 1));
    head.forEach((bytes, i) => {
      if (i % this.step === 0) this.samples.set(i, deflatedSample(bytes, i > 0 ? tail(head[i - 1]) : null));
    });
    this.nextDict = tail(head[head.length - 1]);
  }
}

const tail = (piece: Buffer) => piece.subarray(piece.length - DICTIONARY);

type Sample = { raw: number; deflated: number };

/** A piece deflated with the bytes before it as the dictionary, as a whole-tar gzip would see them. */
function deflatedSample(bytes: Buffer, dictionary: Buffer | null): Sample {
  const options = dictionary ? { level: LEVEL, dictionary } : { level: LEVEL };
  return { raw: bytes.length, deflated: deflateRawSync(bytes, options).length };
}

function estimateFrom(tarSize: number, head: Buffer[] | null, samples: Map<number, Sample>): number {
  if (head) return deflateRawSync(Buffer.concat(head), { level: LEVEL }).length + GZIP_FRAMING;
  let raw = 0;
  let deflated = 0;
  for (const s of samples.values()) {
    raw += s.raw;
    deflated += s.deflated;
  }
  return raw > 0 ? Math.round((deflated / raw) * tarSize) + GZIP_FRAMING : GZIP_FRAMING;
}

/** The same estimate for a tar in a file the caller reads where asked (it can seek). */
export async function estimateFromRanges(tarSize: number, read: (offset: number, length: number) => Promise<Buffer>): Promise<number> {
  if (tarSize <= WHOLE_BYTES) return estimateFrom(tarSize, [await read(0, tarSize)], new Map());
  const samples = new Map<number, Sample>();
  for (const r of sampleRanges(tarSize)) {
    const before = Math.min(r.offset, DICTIONARY);
    const bytes = await read(r.offset - before, before + r.length);
    samples.set(r.offset / SAMPLE_CHUNK, deflatedSample(bytes.subarray(before), before > 0 ? bytes.subarray(0, before) : null));
  }
  return estimateFrom(tarSize, null, samples);
}

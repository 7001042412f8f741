/**
 * The zstd decoder (fzstd) allocates each frame's window when it reads the frame's header:
 * the size the header declares, up to 2 GiB, whatever the data that follows. This walks the
 * frames of a compressed stream ahead of the decoder (headers and block sizes only, no
 * decoding) and refuses a frame whose window is over the limit before the decoder sees it.
 * The limit is zstd's own default for decoding (windowLog 27, 128 MiB: larger windows need
 * `zstd --long` on the command line too). Frame layout: RFC 8878, section 3.1.
 */
export const ZSTD_WINDOW_LIMIT = 128 * 1024 * 1024;

const FRAME_MAGIC = 0xfd2fb528;
/** Skippable frames: magic 0x184D2A50–0x184D2A5F, a 4-byte size, then that many bytes. */
const isSkippable = (magic: number) => magic >>> 4 === 0x184d2a5;

type State =
  | { at: 'frame' } // the next bytes start a frame: gather its header
  | { at: 'skip'; left: number; then: State } // inside a skippable frame, a block's content or a checksum
  | { at: 'block'; checksum: boolean }; // the next 3 bytes are a block header

export class ZstdWindowGuard {
  private state: State = { at: 'frame' };
  private head: number[] = [];

  constructor(private readonly limit = ZSTD_WINDOW_LIMIT) {}

  /** Walks `chunk`; throws (before the decoder gets it) when a frame declares too large a window. */
  check(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length;) {
      const s = this.state;
      if (s.at === 'skip') {
        const n = Math.min(s.left, chunk.length - i);
        i += n;
        s.left -= n;
        if (s.left === 0) this.state = s.then;
        continue;
      }
      this.head.push(chunk[i++]);
      if (s.at === 'block') this.blockHeader(s.checksum);
      else this.frameHeader();
    }
  }

  private frameHeader(): void {
    const h = this.head;
    if (h.length < 5) return;
    const magic = (h[0] | (h[1] << 8) | (h[2] << 16) | (h[3] << 24)) >>> 0;
    if (isSkippable(magic)) {
      if (h.length < 8) return;
      this.skip((h[4] | (h[5] << 8) | (h[6] << 16) | (h[7] << 24)) >>> 0, { at: 'frame' });
      return;
    }
    if (magic !== FRAME_MAGIC) return void (this.head = []); // not zstd: the decoder says so
    const fhd = h[4];
    const single = (fhd >> 5) & 1;
    const fcsFlag = fhd >> 6;
    const dictBytes = [0, 1, 2, 4][fhd & 3];
    const fcsBytes = fcsFlag ? 1 << fcsFlag : single;
    const length = 5 + (single ? 0 : 1) + dictBytes + fcsBytes;
    if (h.length < length) return;
    let window: number;
    if (single) {
      let fcs = 0;
      for (let k = fcsBytes - 1; k >= 0; k--) fcs = fcs * 256 + h[length - fcsBytes + k];
      window = fcs + (fcsFlag === 1 ? 256 : 0);
    } else {
      const base = 2 ** (10 + (h[5] >> 3));
      window = base + (base / 8) * (h[5] & 7);
    }
    if (window > this.limit) {
      const err = new Error(
        `zstd frame declares a ${mib(window)} window, over the ${mib(this.limit)} limit (zstd's default; such frames need zstd --long)`,
      );
      (err as NodeJS.ErrnoException).code = 'ZSTD_WINDOW_LIMIT';
      throw err;
    }
    this.head = [];
    this.state = { at: 'block', checksum: ((fhd >> 2) & 1) === 1 };
  }

  private blockHeader(checksum: boolean): void {
    const h = this.head;
    if (h.length < 3) return;
    const bits = h[0] | (h[1] << 8) | (h[2] << 16);
    this.head = [];
    const last = (bits & 1) === 1;
    const type = (bits >> 1) & 3;
    const size = type === 1 ? 1 : bits >>> 3;
    // After the last block: its 4 checksum bytes (when the frame has them), then the next frame.
    const frame: State = { at: 'frame' };
    const next: State = !last ? { at: 'block', checksum } : checksum ? { at: 'skip', left: 4, then: frame } : frame;
    this.skip(size, next);
  }

  private skip(left: number, then: State): void {
    this.head = [];
    this.state = left === 0 ? then : { at: 'skip', left, then };
  }
}

const mib = (n: number) => `${Math.round(n / (1024 * 1024))} MiB`;

/**
 * The response side of one HTTP/1.1 exchange, fed raw socket bytes: status line and headers,
 * then the body as chunked, Content-Length or read-until-close. Pure state machine, no I/O.
 */

export interface ResponseHead {
  statusCode: number;
  headers: Map<string, string>;
}

const MAX_HEAD = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

type State = 'head' | 'size' | 'data' | 'data-end' | 'trailer' | 'length' | 'until-close' | 'done';

export class HttpResponseParser {
  head?: ResponseHead;
  private state: State = 'head';
  private pending: Buffer = Buffer.alloc(0);
  private remaining = 0;

  private readonly copy: boolean;

  /**
   * onHead runs once the headers are in, before any body byte reaches onBody. Body bytes are
   * copies unless `copy: false` says the input is never reused.
   */
  constructor(
    private readonly onBody: (bytes: Buffer) => void,
    private readonly onHead: (head: ResponseHead) => void = () => {},
    opts: { copy?: boolean } = {},
  ) {
    this.copy = opts.copy ?? true;
  }

  get done(): boolean {
    return this.state === 'done';
  }

  /** True when the connection closing now ends the body cleanly. */
  get endsAtClose(): boolean {
    return this.state === 'until-close' || this.state === 'done';
  }

  /** Feeds bytes as read; body bytes are passed on as copies (the input may be reused). */
  push(input: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, input]) : input;
    this.pending = Buffer.alloc(0);
    while (data.length > 0 && this.state !== 'done') {
      const used = this.step(data);
      if (used < 0) {
        this.pending = Buffer.from(data);
        return;
      }
      data = data.subarray(used);
    }
  }

  private emit(bytes: Buffer): void {
    this.onBody(this.copy ? Buffer.from(bytes) : bytes);
  }

  /** Consumes from the front of `data`; -1 when a line is incomplete. */
  private step(data: Buffer): number {
    switch (this.state) {
      case 'head':
        return this.readHead(data);
      case 'size':
      case 'trailer':
        return this.readLine(data);
      case 'data':
      case 'length': {
        const n = Math.min(this.remaining, data.length);
        this.emit(data.subarray(0, n));
        this.remaining -= n;
        if (this.remaining === 0) this.state = this.state === 'data' ? 'data-end' : 'done';
        return n;
      }
      case 'data-end':
        if (data.length < 2) return -1;
        if (!data.subarray(0, 2).equals(CRLF)) throw new Error('malformed chunked encoding');
        this.state = 'size';
        return 2;
      case 'until-close':
        this.emit(data);
        return data.length;
      case 'done':
        return data.length;
    }
  }

  private readHead(data: Buffer): number {
    const end = data.indexOf(HEAD_END);
    if (end < 0) {
      if (data.length > MAX_HEAD) throw new Error('response headers too large');
      return -1;
    }
    const [status, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
    const code = /^HTTP\/1\.[01] (\d{3})/.exec(status)?.[1];
    if (!code) throw new Error(`not an HTTP response: ${status.slice(0, 40)}`);
    const headers = new Map(
      lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    this.head = { statusCode: Number(code), headers };
    this.onHead(this.head);
    const length = headers.get('content-length');
    if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) this.state = 'size';
    else if (length !== undefined) {
      this.remaining = Number(length);
      this.state = this.remaining > 0 ? 'length' : 'done';
    } else this.state = 'until-close';
    return end + HEAD_END.length;
  }

  private readLine(data: Buffer): number {
    const end = data.indexOf(CRLF);
    if (end < 0) return -1;
    const line = data.subarray(0, end).toString('latin1');
    if (this.state === 'trailer') {
      if (line === '') this.state = 'done';
      return end + 2;
    }
    const size = parseInt(line.split(';')[0], 16);
    if (!Number.isFinite(size) || size < 0) throw new Error('malformed chunked encoding');
    this.remaining = size;
    this.state = size === 0 ? 'trailer' : 'data';
    return end + 2;
  }
}

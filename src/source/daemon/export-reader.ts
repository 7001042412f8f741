/**
 * Reads an engine export (GET /images/{id}/get, the bytes of `docker save`) as it arrives,
 * fed chunk by chunk from the buffer the connection reuses: the outer tar is walked in place
 * (../../tar/tar-walker.ts) and each member that looks like a layer is pushed to the sink
 * the consumer gives for it. No stream per member, no copy of the bytes, nothing on disk.
 * Both save layouts go through here: legacy (`<v1id>/layer.tar`, whose sha256 is the
 * diffID) and Docker 25+ (`blobs/sha256/<hex>`, named by digest). A member is a layer when
 * its first bytes say gzip, zstd or tar; JSON, VERSION and the like are skipped, symlinked
 * duplicate layers too. Small JSON members (the config among them) go to onJson whole.
 *
 * Given the image's diffIDs, the reader tells the scan each plain layer's diffID, so the scan
 * need not hash 1 GB to learn it (export-layer-names.ts says why that is safe).
 */
import { sniffCompression } from '../decompress.js';
import type { BlobSink, PushedBlob } from '../model.js';
import { BLOCK, type TarHeader } from '../../tar/tar-header.js';
import { TarWalker, type BodySink } from '../../tar/tar-walker.js';
import { LayerNames } from './export-layer-names.js';

const JSON_LIMIT = 16 * 1024 * 1024;

export interface ExportHandlers {
  /** A sink for a layer member's bytes, or undefined to pass over it. */
  onBlob: (blob: PushedBlob) => BlobSink | undefined;
  /** Receives every JSON member up to 16 MiB (config, manifest.json, index), read whole. */
  onJson?: (name: string, bytes: Buffer) => void;
  /** The exported image's diffIDs, bottom first: plain layers are then not hashed (see above). */
  diffIDs?: string[];
}

export class ExportReader {
  private readonly walker = new TarWalker((header) => this.member(header));
  /** Writes of the current input that still hold it. */
  private holding: Promise<void>[] = [];
  /** Layer sinks that have ended and are finishing their scans. */
  private readonly ending: Promise<void>[] = [];
  /** The layer sink bytes go to now, for abort(). */
  private current: BlobSink | undefined;
  private failure: unknown;
  private readonly names: LayerNames | undefined;

  constructor(private readonly handlers: ExportHandlers) {
    this.names = handlers.diffIDs && new LayerNames(handlers.diffIDs);
  }

  /**
   * Walks `chunk` of the export. A promise means a sink still holds the chunk: read nothing
   * more until it settles. Throws on a malformed archive, or when a layer's scan failed.
   */
  write(chunk: Buffer): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    this.walker.write(chunk);
    if (this.holding.length === 0) return undefined;
    const all = Promise.all(this.holding).then(() => undefined);
    this.holding = [];
    return all;
  }

  /** The export has ended: resolves once every layer's scan has finished. */
  async end(): Promise<void> {
    this.walker.end();
    this.names?.end();
    await Promise.all(this.ending);
  }

  /** The export failed: the layer being read gives up its scan. */
  abort(): void {
    this.current?.abort();
    this.current = undefined;
  }

  private member(header: TarHeader): BodySink | undefined {
    if ((header.type !== 'file' && header.type !== null) || header.size === 0) return undefined;
    return new Member(header, this);
  }

  /** A member is a layer: its sink, or undefined when the consumer passes over it. */
  openLayer(header: TarHeader, plain: boolean): BlobSink | undefined {
    const { name, size } = header;
    const digest = digestOf(name);
    const diffID = plain ? this.names?.diffIDOf(name, digest) : undefined;
    const sink = this.handlers.onBlob({ name, digest, size, diffID });
    this.current = sink;
    return sink;
  }

  hold(waiting: Promise<void> | undefined): void {
    if (!waiting) return;
    waiting.catch(() => {});
    this.holding.push(waiting);
  }

  endLayer(sink: BlobSink): void {
    this.current = undefined;
    const ended = sink.end();
    ended.catch((err) => (this.failure ??= err));
    this.ending.push(ended);
  }

  json(name: string, bytes: Buffer): void {
    if (name === 'manifest.json') this.names?.readManifest(bytes);
    this.handlers.onJson?.(name, bytes);
  }

  wantsJson(name: string): boolean {
    return !!this.handlers.onJson || (name === 'manifest.json' && !!this.names);
  }
}

/** One member's body: its first block is gathered to tell a layer from the rest. */
class Member implements BodySink {
  private head: Buffer;
  private gathered = 0;
  private sink: BlobSink | undefined;
  private json: Buffer[] | undefined;

  constructor(
    private readonly header: TarHeader,
    private readonly reader: ExportReader,
  ) {
    this.head = Buffer.allocUnsafe(Math.min(BLOCK, header.size));
  }

  update(chunk: Buffer): void {
    if (this.gathered < this.head.length) {
      const n = chunk.copy(this.head, this.gathered);
      this.gathered += n;
      if (this.gathered < this.head.length) return;
      this.decide();
      chunk = chunk.subarray(n);
      if (chunk.length === 0) return;
    }
    if (this.sink) this.reader.hold(this.sink.write(chunk));
    else this.json?.push(Buffer.from(chunk));
  }

  end(): void {
    if (this.sink) this.reader.endLayer(this.sink);
    else if (this.json) this.reader.json(this.header.name, Buffer.concat(this.json));
  }

  private decide(): void {
    const { size } = this.header;
    if (isLayer(this.head, size)) {
      this.sink = this.reader.openLayer(this.header, sniffCompression(this.head) === 'none');
      this.reader.hold(this.sink?.write(this.head));
    } else if (this.reader.wantsJson(this.header.name) && isJsonStart(this.head[0]) && size <= JSON_LIMIT) {
      this.json = [this.head];
    }
  }
}

/** gzip or zstd magic, or a tar header block (ustar magic, or all zeros: the empty tar). */
export function isLayer(head: Buffer, size: number): boolean {
  if (sniffCompression(head) !== 'none') return true;
  if (head.length < BLOCK || size % BLOCK !== 0) return false;
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return true;
  return head.every((b) => b === 0);
}

/** `{` or `[`: a JSON object (config, index) or array (manifest.json). */
const isJsonStart = (byte: number) => byte === 0x7b || byte === 0x5b;

function digestOf(name: string): string | undefined {
  const hex = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(name)?.[1];
  return hex ? `sha256:${hex}` : undefined;
}

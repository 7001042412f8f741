/**
 * A gzip- or zstd-compressed tar as an ArchiveTree. A compressed stream cannot seek, so one
 * pass indexes the members and keeps the small metadata files (manifests, configs) in
 * memory; opening a layer decompresses again from the start and yields its byte range.
 * Decompressing the archive once (`gunzip app.tar.gz`) makes every later read a seek.
 */
import { createReadStream } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { describeCause, inputError, LayerscopeError } from '../../errors.js';
import { createDecoder } from '../decompress.js';
import type { Compression } from '../model.js';
import { safeName, type ArchiveTree, JSON_LIMIT } from './archive-tree.js';
import { IndexedTree } from './indexed-tree.js';
import { MAX_MEMBERS, normalizeName, type TarMember } from './tar-index.js';

/** Small JSON-looking members are kept while they add up to no more than this; later ones are read again on demand. */
const KEPT_TOTAL_LIMIT = 16 * 1024 * 1024;

export class CompressedTarTree extends IndexedTree implements ArchiveTree {
  private constructor(
    readonly path: string,
    label: string,
    private readonly compression: Compression,
    members: Map<string, TarMember>,
    private readonly kept: Map<string, Buffer>,
  ) {
    super(label, members);
  }

  static async open(path: string, compression: Compression, label = path): Promise<CompressedTarTree> {
    const members = new Map<string, TarMember>();
    const kept = new Map<string, Buffer>();
    const extract = tar.extract();
    let keptBytes = 0;
    extract.on('entry', (header, stream, next) => {
      const name = normalizeName(header.name);
      const size = header.size ?? 0;
      if (!Number.isSafeInteger(size) || size < 0)
        return next(
          inputError(`${label}: invalid size in the tar header of member ${JSON.stringify(name.slice(0, 100))}`),
        );
      const member: TarMember = {
        name,
        offset: (header as { byteOffset?: number }).byteOffset ?? 0,
        size,
        type: header.type ?? 'file',
      };
      if ((header.type === 'symlink' || header.type === 'link') && header.linkname) member.linkname = header.linkname;
      members.set(name, member);
      if (members.size > MAX_MEMBERS)
        return next(inputError(`${label}: more than ${MAX_MEMBERS} members; not an image archive`));
      const keep = size <= JSON_LIMIT && keptBytes + size <= KEPT_TOTAL_LIMIT;
      if (keep) keptBytes += size;
      collectSmall(stream as unknown as Readable, keep, (buf) => buf && kept.set(name, buf), next);
    });
    try {
      await pipeline(createReadStream(path), createDecoder(compression), extract);
    } catch (err) {
      if (err instanceof LayerscopeError) throw err;
      throw inputError(`${label}: cannot read ${compression} archive: ${describeCause(err)}`, undefined, err);
    }
    if (members.size === 0) throw inputError(`${label}: not a tar archive (no members)`);
    return new CompressedTarTree(path, label, compression, members, kept);
  }

  async readBytes(name: string, limit = JSON_LIMIT): Promise<Buffer> {
    const kept = this.kept.get(safeName(this.label, name));
    if (kept) return kept;
    this.metadataMember(name, limit);
    const chunks: Buffer[] = [];
    for await (const chunk of await this.open(name)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** A compressed archive holds no member as plain bytes. */
  locate(): undefined {
    return undefined;
  }

  async open(name: string, signal?: AbortSignal): Promise<Readable> {
    const m = this.member(name);
    if (!m) throw inputError(`${this.label}: missing blob ${name}`);
    const file = createReadStream(this.path, { signal });
    const decoded = file.pipe(createDecoder(this.compression));
    file.on('error', (err) => decoded.destroy(err));
    const range = byteRange(m.offset, m.size, () => file.destroy());
    decoded.on('error', (err) => range.destroy(err));
    return decoded.pipe(range);
  }

  async close(): Promise<void> {}
}

/** Keeps a member's bytes when it is small and looks like metadata; drains it otherwise. */
function collectSmall(stream: Readable, small: boolean, done: (buf?: Buffer) => void, next: () => void): void {
  const chunks: Buffer[] = [];
  let keep = small;
  stream.on('data', (c: Buffer) => {
    if (keep && chunks.length === 0 && c[0] !== 0x7b && c[0] !== 0x5b && c.length > 0) keep = false;
    if (keep) chunks.push(c);
  });
  stream.on('end', () => {
    done(keep ? Buffer.concat(chunks) : undefined);
    next();
  });
  stream.on('error', next);
}

/** Passes bytes [offset, offset+length) of a stream through, then ends and stops the source. */
function byteRange(offset: number, length: number, stopSource: () => void): Transform {
  let pos = 0;
  let ended = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (ended) return done();
      const start = Math.max(0, offset - pos);
      const end = Math.min(chunk.length, offset + length - pos);
      pos += chunk.length;
      if (end > start) this.push(chunk.subarray(start, end));
      if (pos >= offset + length) {
        ended = true;
        this.push(null);
        stopSource();
      }
      done();
    },
    flush(done: TransformCallback) {
      done(ended || length === 0 ? undefined : inputError(`truncated archive: member ends early`));
    },
  });
}

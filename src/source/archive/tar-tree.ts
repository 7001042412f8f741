/**
 * A plain tar file as an ArchiveTree: one header-only pass builds an index, then any member
 * opens as a byte range of the file. Nothing is copied or extracted.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { inputError } from '../../errors.js';
import type { BlobFile } from '../model.js';
import { BLOB_CHUNK, JSON_LIMIT, type ArchiveTree } from './archive-tree.js';
import { IndexedTree } from './indexed-tree.js';
import { indexTarFile, type TarMember } from './tar-index.js';

export class TarTree extends IndexedTree implements ArchiveTree {
  private constructor(
    readonly path: string,
    label: string,
    private readonly file: FileHandle,
    members: Map<string, TarMember>,
  ) {
    super(label, members);
  }

  static async open(path: string, label = path): Promise<TarTree> {
    const file = await open(path, 'r');
    try {
      return new TarTree(path, label, file, await indexTarFile(file, label));
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  async readBytes(name: string, limit = JSON_LIMIT): Promise<Buffer> {
    const m = this.metadataMember(name, limit);
    const buf = Buffer.alloc(m.size);
    const { bytesRead } = await this.file.read(buf, 0, m.size, m.offset);
    if (bytesRead !== m.size) throw inputError(`${this.label}: truncated member ${name}`);
    return buf;
  }

  locate(name: string): BlobFile | undefined {
    const m = this.member(name);
    return m ? { path: this.path, offset: m.offset, size: m.size } : undefined;
  }

  async open(name: string, signal?: AbortSignal): Promise<Readable> {
    const m = this.member(name);
    if (!m) throw inputError(`${this.label}: missing blob ${name}`);
    if (m.size === 0) return Readable.from([]);
    return createReadStream(this.path, {
      start: m.offset,
      end: m.offset + m.size - 1,
      signal,
      highWaterMark: BLOB_CHUNK,
    });
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/**
 * A plain tar file as an ArchiveTree: one header-only pass builds an index, then any member
 * opens as a byte range of the file. Nothing is copied or extracted.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { inputError } from '../../errors.js';
import { safeName, type ArchiveTree } from './archive-tree.js';
import { indexTarFile, type TarMember } from './tar-index.js';

export class TarTree implements ArchiveTree {
  private constructor(
    readonly path: string,
    readonly label: string,
    private readonly file: FileHandle,
    private readonly members: Map<string, TarMember>,
  ) {}

  static async open(path: string, label = path): Promise<TarTree> {
    const file = await open(path, 'r');
    try {
      return new TarTree(path, label, file, await indexTarFile(file, label));
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  private member(name: string): TarMember | undefined {
    return this.members.get(safeName(this.label, name));
  }

  has(name: string): boolean {
    return this.member(name) !== undefined;
  }

  size(name: string): number | undefined {
    return this.member(name)?.size;
  }

  async readBytes(name: string, limit = Infinity): Promise<Buffer> {
    const m = this.member(name);
    if (!m) throw inputError(`${this.label}: missing ${name}`);
    if (m.size > limit) throw inputError(`${this.label}: ${name} is too large to be metadata (${m.size} bytes)`);
    const buf = Buffer.alloc(m.size);
    const { bytesRead } = await this.file.read(buf, 0, m.size, m.offset);
    if (bytesRead !== m.size) throw inputError(`${this.label}: truncated member ${name}`);
    return buf;
  }

  async open(name: string, signal?: AbortSignal): Promise<Readable> {
    const m = this.member(name);
    if (!m) throw inputError(`${this.label}: missing blob ${name}`);
    if (m.size === 0) return Readable.from([]);
    return createReadStream(this.path, { start: m.offset, end: m.offset + m.size - 1, signal });
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

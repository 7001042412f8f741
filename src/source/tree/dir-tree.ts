/** An OCI layout (or unpacked archive) directory as an ArchiveTree. */
import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describeCause, inputError } from '../../errors.js';
import type { BlobFile } from '../model.js';
import { BLOB_CHUNK, safeName, type ArchiveTree } from './archive-tree.js';

export class DirTree implements ArchiveTree {
  constructor(
    readonly dir: string,
    readonly label: string = dir,
  ) {}

  private stat(name: string) {
    try {
      const st = statSync(join(this.dir, safeName(this.label, name)));
      return st.isFile() ? st : undefined;
    } catch {
      return undefined;
    }
  }

  has(name: string): boolean {
    return this.stat(name) !== undefined;
  }

  size(name: string): number | undefined {
    return this.stat(name)?.size;
  }

  async readBytes(name: string, limit = Infinity): Promise<Buffer> {
    const size = this.size(name);
    if (size === undefined) throw inputError(`${this.label}: missing ${name}`);
    if (size > limit) throw inputError(`${this.label}: ${name} is too large to be metadata (${size} bytes)`);
    try {
      return await readFile(join(this.dir, safeName(this.label, name)));
    } catch (err) {
      throw inputError(`${this.label}: cannot read ${name}: ${describeCause(err)}`);
    }
  }

  locate(name: string): BlobFile | undefined {
    const size = this.size(name);
    return size === undefined ? undefined : { path: join(this.dir, safeName(this.label, name)), offset: 0, size };
  }

  async open(name: string, signal?: AbortSignal): Promise<Readable> {
    if (!this.has(name)) throw inputError(`${this.label}: missing blob ${name}`);
    return createReadStream(join(this.dir, safeName(this.label, name)), { signal, highWaterMark: BLOB_CHUNK });
  }

  async close(): Promise<void> {}
}

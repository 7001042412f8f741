/**
 * An OCI layout (or unpacked archive) directory as an ArchiveTree. Every member is opened
 * through its real path, checked to lie inside the directory: a blob that is a symlink to a
 * file elsewhere is refused, never followed out of the layout.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { describeCause, inputError } from '../../errors.js';
import type { BlobFile } from '../model.js';
import { BLOB_CHUNK, JSON_LIMIT, safeName, tooLargeForMetadata, type ArchiveTree } from '../archive/archive-tree.js';

export class DirTree implements ArchiveTree {
  private root: string | undefined;

  constructor(
    readonly dir: string,
    readonly label: string = dir,
  ) {}

  /** The member's real path and size; undefined when it is missing or not a file; throws when it lies outside. */
  private resolve(name: string): { path: string; size: number } | undefined {
    let real: string;
    try {
      real = realpathSync(join(this.dir, safeName(this.label, name)));
    } catch {
      return undefined;
    }
    this.root ??= realpathSync(this.dir);
    if (!real.startsWith(this.root + sep)) {
      throw inputError(
        `${this.label}: ${name} is a link to a file outside the layout (${real})`,
        'blobs are read only from inside the layout directory',
      );
    }
    try {
      const st = statSync(real);
      return st.isFile() ? { path: real, size: st.size } : undefined;
    } catch {
      return undefined;
    }
  }

  has(name: string): boolean {
    return this.resolve(name) !== undefined;
  }

  size(name: string): number | undefined {
    return this.resolve(name)?.size;
  }

  async readBytes(name: string, limit = JSON_LIMIT): Promise<Buffer> {
    const found = this.resolve(name);
    if (found === undefined) throw inputError(`${this.label}: missing ${name}`);
    if (found.size > limit) throw tooLargeForMetadata(this.label, name, found.size);
    let bytes: Buffer;
    try {
      bytes = await readFile(found.path);
    } catch (err) {
      throw inputError(`${this.label}: cannot read ${name}: ${describeCause(err)}`);
    }
    // The file may have grown since it was measured.
    if (bytes.length > limit) throw tooLargeForMetadata(this.label, name, bytes.length);
    return bytes;
  }

  locate(name: string): BlobFile | undefined {
    const found = this.resolve(name);
    return found === undefined ? undefined : { path: found.path, offset: 0, size: found.size };
  }

  async open(name: string, signal?: AbortSignal): Promise<Readable> {
    const found = this.resolve(name);
    if (!found) throw inputError(`${this.label}: missing blob ${name}`);
    return createReadStream(found.path, { signal, highWaterMark: BLOB_CHUNK });
  }

  async close(): Promise<void> {}
}

/**
 * The files of an image on disk — a directory, a tar, or a compressed tar — behind one small
 * interface, so the OCI-layout and docker-archive readers do not care which it is.
 */
import type { Readable } from 'node:stream';
import { describeCause, inputError } from '../../errors.js';
import type { BlobFile } from '../model.js';

export interface ArchiveTree {
  /** The path the user gave, for messages. */
  readonly label: string;
  has(name: string): boolean;
  size(name: string): number | undefined;
  /** Reads a small member whole; refuses members larger than `limit`. */
  readBytes(name: string, limit?: number): Promise<Buffer>;
  /** Opens a member as a fresh stream; the caller destroys it. */
  open(name: string, signal?: AbortSignal): Promise<Readable>;
  /** Where a member's bytes lie in a local file, when they lie in one as they are (not compressed). */
  locate(name: string): BlobFile | undefined;
  close(): Promise<void>;
}

/**
 * The most a metadata member (manifest.json, an index, a manifest, a config) may hold: 4 MiB,
 * as containerd allows. Anything larger is refused before it is read.
 */
export const JSON_LIMIT = 4 * 1024 * 1024;

export function tooLargeForMetadata(label: string, name: string, size: number): Error {
  return inputError(`${label}: ${name} is too large to be metadata (${size} bytes; the limit is 4 MiB)`);
}

export async function readJSON(tree: ArchiveTree, name: string): Promise<unknown> {
  if (!tree.has(name)) throw inputError(`${tree.label}: missing ${name}`);
  const bytes = await tree.readBytes(name, JSON_LIMIT);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw inputError(`${tree.label}: malformed JSON in ${name} (${describeCause(err)})`);
  }
}

/** Rejects member names that would escape the tree (`..`) before they reach the file system. */
export function safeName(label: string, name: string): string {
  const clean = name.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  if (clean.split('/').includes('..')) throw inputError(`${label}: refusing member name outside the archive: ${name}`);
  return clean;
}

/**
 * Read size for layer blobs: 1 MiB reads mean fewer thread-pool round trips and hash
 * updates than the stream default of 64 KiB (measured on the 1.3 GB benchmark image).
 */
export const BLOB_CHUNK = 1024 * 1024;

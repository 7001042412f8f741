/**
 * Reading what the scan kept of a package manifest or database (FileRecord.text) from the
 * final file system, and the small, defensive parsers every ecosystem shares. Image content
 * is hostile input: wrong types, huge values, anything; nothing here throws on it. Pure.
 */
import { T_FILE, T_HARDLINK, type MergedFs } from '../fs/merge.js';
import { eventRecord } from '../fs/merged-queries.js';

export type MetadataText =
  | { state: 'absent' }
  /** A file in the final file system whose content the scan did not keep (over its limits; or a hardlink to a file it did not keep). */
  | { state: 'not-kept'; id: number }
  | { state: 'kept'; id: number; text: string };

/** The kept content of the regular file (or hardlink to one) at `path` in the final file system. */
export function metadataText(fs: MergedFs, path: string): MetadataText {
  const id = fs.paths.idOf(path);
  return id < 0 ? { state: 'absent' } : metadataTextOf(fs, id);
}

export function metadataTextOf(fs: MergedFs, id: number): MetadataText {
  const e = fs.live[id];
  if (e < 0) return { state: 'absent' };
  const type = fs.events.type[e];
  if (type !== T_FILE && type !== T_HARDLINK) return { state: 'absent' };
  const file = type === T_HARDLINK ? fs.events.owner[e] : e;
  const text = file >= 0 ? eventRecord(fs, file)?.text : undefined;
  return typeof text === 'string' ? { state: 'kept', id, text } : { state: 'not-kept', id };
}

/** True when `id` is a path of the final file system that is a file or a hardlink. */
export function isLiveFile(fs: MergedFs, id: number): boolean {
  const e = id < 0 ? -1 : fs.live[id];
  return e >= 0 && (fs.events.type[e] === T_FILE || fs.events.type[e] === T_HARDLINK);
}

export type JsonObject = Record<string, unknown>;

/** The JSON object `text` holds, or undefined (not JSON, not an object, too deep for the parser). */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` when it is a non-empty string of at most `max` characters. */
export function shortString(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

/** A non-negative whole number written in decimal digits (at most 15 of them), else undefined. */
export function decimal(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/** The lines of a text, without their line ends. */
export function lines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

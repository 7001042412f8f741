/** Reads the parts of an image config that layerscope needs, checking their shape. */
import { createHash } from 'node:crypto';
import { inputError } from '../errors.js';
import type { HistoryEntry, Platform } from './model.js';

export interface ImageConfig {
  id: string;
  platform: Platform;
  created?: string;
  diffIDs: string[];
  history: HistoryEntry[];
}

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function parseImageConfig(bytes: Buffer, label: string): ImageConfig {
  let raw: any;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw inputError(`${label}: malformed JSON in image config`);
  }
  const diffIDs = raw?.rootfs?.diff_ids;
  if (!Array.isArray(diffIDs) || !diffIDs.every(isDigest)) {
    throw inputError(`${label}: image config has no valid rootfs.diff_ids`);
  }
  const history: HistoryEntry[] = Array.isArray(raw.history)
    ? raw.history.map((h: any) => ({
        created: typeof h?.created === 'string' ? h.created : undefined,
        createdBy: typeof h?.created_by === 'string' ? h.created_by : '',
        comment: typeof h?.comment === 'string' ? h.comment : undefined,
        emptyLayer: h?.empty_layer === true,
      }))
    : [];
  const platform: Platform = { os: String(raw.os ?? 'unknown'), architecture: String(raw.architecture ?? 'unknown') };
  if (typeof raw.variant === 'string' && raw.variant) platform.variant = raw.variant;
  return {
    id: sha256Digest(bytes),
    platform,
    created: typeof raw.created === 'string' ? raw.created : undefined,
    diffIDs,
    history,
  };
}

/** Reads the parts of an image config that layerscope needs, checking their shape. */
import { inputError } from '../../errors.js';
import { checkDigest, digestBytes, typeName } from '../digest.js';
import type { HistoryEntry, Platform } from '../model.js';

export interface ImageConfig {
  id: string;
  platform: Platform;
  created?: string;
  diffIDs: string[];
  history: HistoryEntry[];
}

/** A string field of the config, or undefined when absent; any other type is an input error naming the field. */
function configString(value: unknown, label: string, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw inputError(`${label}: image config field ${name} is ${typeName(value)}, not a string`);
  return value;
}

export function parseImageConfig(bytes: Buffer, label: string): ImageConfig {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
  let raw: any;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw inputError(
      `${label}: malformed JSON in image config${err instanceof RangeError ? ' (nested too deeply)' : ''}`,
    );
  }
  if (typeof raw !== 'object' || raw === null)
    throw inputError(`${label}: the image config is ${typeName(raw)}, not an object`);
  const diffIDs = raw.rootfs?.diff_ids;
  if (!Array.isArray(diffIDs)) throw inputError(`${label}: image config has no valid rootfs.diff_ids`);
  diffIDs.forEach((d, i) => checkDigest(d, `${label}: image config`, `rootfs.diff_ids[${i}]`));
  const history: HistoryEntry[] = Array.isArray(raw.history)
    ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
      raw.history.map((h: any) => ({
        created: typeof h?.created === 'string' ? h.created : undefined,
        createdBy: typeof h?.created_by === 'string' ? h.created_by : '',
        comment: typeof h?.comment === 'string' ? h.comment : undefined,
        emptyLayer: h?.empty_layer === true,
      }))
    : [];
  const field = (name: string) => configString(raw[name], label, name);
  const platform: Platform = { os: field('os') ?? 'unknown', architecture: field('architecture') ?? 'unknown' };
  const variant = field('variant');
  if (variant) platform.variant = variant;
  return {
    id: digestBytes('sha256', bytes),
    platform,
    created: typeof raw.created === 'string' ? raw.created : undefined,
    diffIDs,
    history,
  };
}

/**
 * Budget values as people write them: sizes (`250MB`, `1.5GiB`, `900 kB`, or a number of
 * bytes), percentages (`10%`, or a ratio such as dive's `0.1`) and counts (`40000`,
 * `40,000`, `40k`). Decimal units are powers of 1000 and binary units powers of 1024, as
 * go-humanize (and so dive) reads them. Pure.
 */
const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  ki: 1024,
  kib: 1024,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
};

/** How each unit is written back: the spelling people use, with its factor. */
const UNIT_NAMES: Record<string, string> = {
  k: 'kB',
  kb: 'kB',
  m: 'MB',
  mb: 'MB',
  g: 'GB',
  gb: 'GB',
  t: 'TB',
  tb: 'TB',
  ki: 'KiB',
  kib: 'KiB',
  mi: 'MiB',
  mib: 'MiB',
  gi: 'GiB',
  gib: 'GiB',
  ti: 'TiB',
  tib: 'TiB',
};

export type ParseResult = { ok: true; value: number } | { ok: false; error: string };

export interface SizeUnit {
  /** As it is shown: kB, MB, GB, TB, KiB, MiB, GiB, TiB. */
  name: string;
  bytes: number;
}

/** The unit a size was written in (`1.5GiB` → GiB), so results can echo it; none for plain bytes. */
export function sizeUnit(raw: unknown): SizeUnit | undefined {
  if (typeof raw !== 'string') return undefined;
  const key = /^\s*\d+(?:\.\d+)?\s*([a-z]*)\s*$/i.exec(raw)?.[1].toLowerCase();
  const name = key ? UNIT_NAMES[key] : undefined;
  return name ? { name, bytes: SIZE_UNITS[key!] } : undefined;
}

/** A unit by its shown name (GiB), for renderers that echo it. */
export function unitBytes(name: string): number | undefined {
  const key = Object.keys(UNIT_NAMES).find((k) => UNIT_NAMES[k] === name && k.length >= 2);
  return key ? SIZE_UNITS[key] : undefined;
}

export function parseSize(raw: unknown): ParseResult {
  if (typeof raw === 'number')
    return raw >= 0 && Number.isFinite(raw)
      ? { ok: true, value: raw }
      : { ok: false, error: 'a size cannot be negative' };
  if (typeof raw !== 'string') return { ok: false, error: 'expected a size such as 250MB or 1.5GiB' };
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined)
    return { ok: false, error: `"${raw}" is not a size (use B, kB, MB, GB, KiB, MiB, GiB)` };
  return { ok: true, value: Math.round(Number(m[1]) * unit) };
}

/** A percentage as a ratio: `10%` and `0.1` are both 0.1; a bare number above 1 is refused. */
export function parsePercent(raw: unknown): ParseResult {
  if (typeof raw === 'number') {
    return raw >= 0 && raw <= 1
      ? { ok: true, value: raw }
      : { ok: false, error: `${raw} is not a ratio between 0 and 1 (write "${raw}%" for a percentage)` };
  }
  if (typeof raw !== 'string') return { ok: false, error: 'expected a percentage such as 10%' };
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(raw);
  if (m) return { ok: true, value: Number(m[1]) / 100 };
  const n = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(n)) return parsePercent(n);
  return { ok: false, error: `"${raw}" is not a percentage (use 10% or 0.1)` };
}

export function parseCount(raw: unknown): ParseResult {
  if (typeof raw === 'number')
    return Number.isInteger(raw) && raw >= 0
      ? { ok: true, value: raw }
      : { ok: false, error: `${raw} is not a whole number` };
  if (typeof raw !== 'string') return { ok: false, error: 'expected a number such as 40000 or 40k' };
  const m = /^\s*(\d+(?:\.\d+)?)\s*([km]?)\s*$/i.exec(raw.replace(/[,_]/g, ''));
  if (!m) return { ok: false, error: `"${raw}" is not a count` };
  const value = Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1);
  return Number.isInteger(value) ? { ok: true, value } : { ok: false, error: `"${raw}" is not a whole number` };
}

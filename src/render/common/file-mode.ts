/** File attributes as `ls -l` (and dive's attribute columns) write them. No colour here. */
import type { EntryType } from '../../scan/file-record.js';

const TYPE_CHAR: Partial<Record<EntryType, string>> = { dir: 'd', symlink: 'l', char: 'c', block: 'b', fifo: 'p' };

/** `drwxr-xr-x`, `-rwsr-xr-x` (setuid), `drwxrwxrwt` (sticky): the type, then rwx for owner, group, others. */
export function modeString(type: EntryType, mode: number): string {
  let out = TYPE_CHAR[type] ?? '-';
  for (let who = 2; who >= 0; who--) {
    const bits = (mode >> (who * 3)) & 7;
    const special = (mode >> 9) & (1 << who);
    const exec = bits & 1;
    const x = special ? (who === 0 ? (exec ? 't' : 'T') : exec ? 's' : 'S') : exec ? 'x' : '-';
    out += `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${x}`;
  }
  return out;
}

/** `uid:gid`, 0:0 for root. */
export const ownerString = (uid: number | undefined, gid: number | undefined) => `${uid ?? 0}:${gid ?? 0}`;

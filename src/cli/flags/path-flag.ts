/** `inspect --path PATH`: the flag, checked before any I/O, as the absolute path the merged file system names. */
import { usageError } from '../../errors.js';

/** "usr/bin/", "./usr//bin" and "/usr/bin" all name /usr/bin. */
export function parsePathFlag(raw: string, quick: boolean | undefined): string {
  if (quick)
    throw usageError(
      '--path reads every layer, --quick reads none: use one of them',
      'drop --quick to see the history of a path',
    );
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0)
    throw usageError(
      `--path "${raw}" names no file or directory below /`,
      'give a path inside the image, such as /etc/passwd',
    );
  return `/${parts.join('/')}`;
}

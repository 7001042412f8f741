/** The scan session a command uses: with the on-disk cache unless --no-cache. */
import { defaultCacheDir } from '../../scan/cache/entry-store.js';
import { ScanCache } from '../../scan/cache/scan-cache.js';
import { ScanSession } from '../../scan/scan-image.js';

export function createScanSession(globals: { cache?: boolean }, env: NodeJS.ProcessEnv): ScanSession {
  return new ScanSession(globals.cache === false ? undefined : new ScanCache(defaultCacheDir(env)));
}

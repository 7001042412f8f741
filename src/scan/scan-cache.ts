/**
 * The scan cache: a layer's scan is a pure function of its diffID, so it is kept on disk
 * under $XDG_CACHE_HOME/layerscope (or ~/.cache/layerscope), one file per diffID and scan
 * format version. Writes are atomic (temp file + rename); a corrupt or truncated file is
 * ignored and rewritten.
 */
import { EntryStore } from '../cache/entry-store.js';
import { decodeScan, encodeScan } from './cache-codec.js';
import { SCAN_FORMAT_VERSION, type LayerScan } from './layer-scan.js';

export interface CacheInfo {
  dir: string;
  entries: number;
  bytes: number;
}

export class ScanCache {
  private readonly store: EntryStore;

  constructor(readonly dir: string) {
    this.store = new EntryStore(dir, 'scans', SCAN_FORMAT_VERSION);
  }

  private name(diffID: string, hashed: boolean): string {
    return `${diffID.replace(':', '-')}${hashed ? '.hashed' : ''}.json.gz`;
  }

  /** A cached scan of `diffID`; with `hashed`, only one that carries content hashes. */
  async get(diffID: string, hashed: boolean): Promise<LayerScan | undefined> {
    for (const withHashes of hashed ? [true] : [false, true]) {
      const decode = (bytes: Buffer) => {
        const scan = decodeScan(bytes, diffID);
        return scan?.hashed === withHashes ? scan : undefined;
      };
      const scan = await this.store.get(this.name(diffID, withHashes), decode);
      if (scan) return scan;
    }
    return undefined;
  }

  /** Stores a scan; failures to write (read-only home, full disk) only cost a rescan later. */
  async put(scan: LayerScan): Promise<void> {
    await this.store.put(this.name(scan.diffID, scan.hashed), encodeScan(scan));
  }

  async info(): Promise<CacheInfo> {
    return { dir: this.dir, ...(await this.store.info()) };
  }

  /** Removes entries not used (read or written) for `olderThanMs` (all with 0), and scans of older formats. */
  prune(olderThanMs: number, now: number): Promise<{ removed: number; bytes: number }> {
    return this.store.prune(olderThanMs, now);
  }
}

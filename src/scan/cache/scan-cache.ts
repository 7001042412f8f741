/**
 * The scan cache: a layer's scan is a pure function of its diffID, so it is kept on disk
 * under $XDG_CACHE_HOME/layerscope (or ~/.cache/layerscope), one file per diffID and scan
 * format version. Next to it, two small kinds of entry, each keyed by what it is a function
 * of: the facts of a blob (compression, size) by blob digest, and the config an engine's
 * export carried by image ID. Writes are atomic (temp file + rename); a corrupt or
 * truncated file is ignored and rewritten.
 */
import { EntryStore } from './entry-store.js';
import type { StreamedConfig } from '../../source/model.js';
import { decodeBlobFacts, decodeStreamedConfig, type BlobFacts } from './blob-facts.js';
import { decodeScan, encodeScan } from './cache-codec.js';
import { SCAN_FORMAT_VERSION, type LayerScan } from '../layer-scan.js';

/** Bumped when the shape of a blob-facts or config entry changes. */
const FACTS_FORMAT_VERSION = 1;

export interface CacheInfo {
  dir: string;
  entries: number;
  bytes: number;
}

export class ScanCache {
  private readonly store: EntryStore;
  /** Blob facts and streamed configs: small, and pruned with the scans. */
  private readonly facts: EntryStore;

  constructor(readonly dir: string) {
    this.store = new EntryStore(dir, 'scans', SCAN_FORMAT_VERSION);
    this.facts = new EntryStore(dir, 'facts', FACTS_FORMAT_VERSION);
  }

  private name(diffID: string, hashed: boolean): string {
    return `${diffID.replace(':', '-')}${hashed ? '.hashed' : ''}.json.gz`;
  }

  /** A cached scan of `diffID`; with `hashed`, only one that carries content hashes. */
  async get(diffID: string, hashed: boolean): Promise<LayerScan | undefined> {
    for (const withHashes of hashed ? [true] : [false, true]) {
      const decode = async (bytes: Buffer) => {
        const scan = await decodeScan(bytes, diffID);
        return scan?.hashed === withHashes ? scan : undefined;
      };
      const scan = await this.store.get(this.name(diffID, withHashes), decode);
      if (scan) return scan;
    }
    return undefined;
  }

  /** Stores a scan; failures to write (read-only home, full disk) only cost a rescan later. */
  async put(scan: LayerScan): Promise<void> {
    await this.store.put(this.name(scan.diffID, scan.hashed), await encodeScan(scan));
  }

  getBlob(digest: string): Promise<BlobFacts | undefined> {
    return this.facts.get(`blob-${digest.replace(':', '-')}.json`, decodeBlobFacts);
  }

  async putBlob(digest: string, facts: BlobFacts): Promise<void> {
    await this.facts.put(`blob-${digest.replace(':', '-')}.json`, Buffer.from(JSON.stringify(facts)));
  }

  getConfig(imageID: string): Promise<StreamedConfig | undefined> {
    return this.facts.get(`config-${imageID.replace(':', '-')}.json`, decodeStreamedConfig);
  }

  async putConfig(imageID: string, config: StreamedConfig): Promise<void> {
    await this.facts.put(`config-${imageID.replace(':', '-')}.json`, Buffer.from(JSON.stringify(config)));
  }

  async info(): Promise<CacheInfo> {
    return { dir: this.dir, ...(await this.store.info()) };
  }

  /**
   * Removes entries not used (read or written) for `olderThanMs` (all with 0), and scans of
   * older formats; counts the scans removed (blob facts and configs go with them, in bytes).
   */
  async prune(olderThanMs: number, now: number): Promise<{ removed: number; bytes: number }> {
    const scans = await this.store.prune(olderThanMs, now);
    const facts = await this.facts.prune(olderThanMs, now);
    return { removed: scans.removed, bytes: scans.bytes + facts.bytes };
  }
}

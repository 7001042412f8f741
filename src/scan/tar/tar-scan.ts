/**
 * The scan of one layer tar as its bytes go by, chunk after chunk: each chunk is walked
 * header by header (../tar/tar-walker.ts) and hashed for the diffID (unless the source
 * vouches for the diffID), and the entries are collected. Nothing holds a chunk after
 * write() returns, except the hasher when it answers with a promise (its ring is full).
 * Used for streams (scanBlob, after decompression) and for blobs pushed from a reused
 * buffer (an engine export, scan-pushed.ts).
 */
import { TarWalker } from '../../tar/tar-walker.js';
import { EntryCollector, type ScanExpectations } from './entry-collector.js';
import { GzipEstimator } from '../hash/gzip-estimate.js';
import type { LayerScan } from '../layer-scan.js';
import type { StreamingSha256 } from '../hash/sha256.js';

export interface TarScanResult {
  /** The diffID, when the tar is not hashed. */
  diffID?: string;
  /** The blob's digest when it is compressed (a plain tar is its own blob), to check against expectDigest. */
  blobDigest?: string;
}

export class TarScan {
  private readonly collector: EntryCollector;
  private readonly walker: TarWalker;
  private readonly gzip: GzipEstimator;
  private size = 0;

  /**
   * `hash` computes the diffID as the tar goes by (createSha256); without one, finish()
   * must be told the diffID. `tarSize`, when known, spares the gzip estimate some work.
   */
  constructor(
    hashContent: boolean,
    private readonly hash: StreamingSha256 | undefined,
    tarSize?: number,
  ) {
    this.gzip = new GzipEstimator(tarSize);
    this.collector = new EntryCollector(hashContent);
    this.walker = new TarWalker((header) => this.collector.add(header));
  }

  /** Walks and hashes `chunk`; a promise means the hasher still holds the chunk. Throws on a malformed tar. */
  write(chunk: Buffer): Promise<void> | undefined {
    this.walker.write(chunk);
    this.gzip.write(chunk);
    this.size += chunk.length;
    return this.hash?.update(chunk);
  }

  /** The LayerScan once the tar has ended; throws when it stopped inside an entry or a digest differs. */
  async finish(blob: TarScanResult, expect: ScanExpectations): Promise<LayerScan> {
    try {
      this.walker.end();
      const diffID = this.hash ? await this.hash.digest() : blob.diffID;
      if (!diffID) throw new Error('tar scan: no diffID (the tar was not hashed)');
      const gzipEstimate = await this.gzip.finish();
      return this.collector.finish({ diffID, blobDigest: blob.blobDigest, tarSize: this.size, gzipEstimate }, expect);
    } catch (err) {
      this.hash?.abort();
      throw err;
    }
  }

  /** Gives up the scan (its input failed). */
  abort(): void {
    this.hash?.abort();
  }
}

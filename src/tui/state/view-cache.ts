/**
 * The last few files views, so going back to a layer (or step) costs nothing: building one
 * for a 200k-path image takes tens of milliseconds. Keyed by the merged file systems'
 * identity (a new merge starts afresh) and kept small (each view holds a few arrays the size
 * of the path table).
 */
import type { MergedFs } from '../../analysis/fs/merge.js';

const KEEP = 6;

export class ViewCache<V> {
  private readonly entries = new Map<string, V>();
  private owners: readonly MergedFs[] = [];

  get(owners: readonly MergedFs[], key: string, build: () => V): V {
    if (owners.length !== this.owners.length || owners.some((fs, i) => fs !== this.owners[i])) {
      this.entries.clear();
      this.owners = owners;
    }
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recent last
      return hit;
    }
    const value = build();
    this.entries.set(key, value);
    if (this.entries.size > KEEP) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

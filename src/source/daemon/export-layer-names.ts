/**
 * Which diffID each layer member of an engine export holds, so the scan need not hash a
 * gigabyte to learn it. That is safe because the engine checks every layer against its
 * diffID as it writes the export: moby's layer store hands out a layer's tar only through a
 * verifying reader, and a layer whose files changed in the store fails the export (a test
 * damages one and gets the engine's refusal). A Docker 25+ member is named by its digest; a
 * legacy `<v1id>/layer.tar` (or podman's `<hex>.tar`) is named by the export's own
 * manifest.json, which comes after the layers, so those diffIDs settle at the end of the
 * stream — and a member no manifest names fails its scan there.
 */

/** A diffID still to be named by manifest.json. */
interface Pending {
  promise: Promise<string>;
  resolve: (diffID: string) => void;
  reject: (err: Error) => void;
}

export class LayerNames {
  /** Member name → diffID, from manifest.json; and the layer members still waiting for it. */
  private named: Map<string, string> | undefined;
  private readonly pending = new Map<string, Pending>();

  /** `diffIDs`: the exported image's, bottom first. */
  constructor(private readonly diffIDs: string[]) {}

  /** The diffID of a plain layer member: known from its name, from manifest.json, or later. */
  diffIDOf(name: string, digest: string | undefined): Promise<string> | undefined {
    if (digest) return this.diffIDs.includes(digest) ? Promise.resolve(digest) : undefined;
    const known = this.named?.get(name);
    if (known) return Promise.resolve(known);
    let pending = this.pending.get(name);
    if (!pending) {
      let resolve!: (d: string) => void, reject!: (e: Error) => void;
      const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => {});
      this.pending.set(name, (pending = { promise, resolve, reject }));
    }
    return pending.promise;
  }

  /** Names the layer members from the manifest entry of this image (as many layers as diffIDs). */
  readManifest(bytes: Buffer): void {
    const diffIDs = this.diffIDs;
    let entries: unknown;
    try {
      entries = JSON.parse(bytes.toString('utf8'));
    } catch {
      return;
    }
    const entry = Array.isArray(entries)
      ? entries.find((e) => Array.isArray(e?.Layers) && e.Layers.length === diffIDs.length)
      : undefined;
    this.named = new Map((entry?.Layers ?? []).map((path: unknown, i: number) => [String(path), diffIDs[i]]));
    for (const [name, diffID] of this.named) {
      this.pending.get(name)?.resolve(diffID);
      this.pending.delete(name);
    }
  }

  /** The export has ended: members no manifest.json named fail. */
  end(): void {
    for (const [name, p] of this.pending) {
      const why = this.named
        ? "the export's manifest.json does not list it as a layer of the image"
        : 'the export has no manifest.json';
      p.reject(new Error(`cannot tell which layer ${name} is: ${why}`));
    }
    this.pending.clear();
  }
}

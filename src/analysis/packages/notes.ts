/**
 * What package attribution could not read, counted by kind and reported one line a kind
 * with a first example: a 6,000-package image whose manifests were all dropped says so once.
 */
export class Notes {
  private readonly kinds = new Map<string, { count: number; example: string }>();

  /** `count` more cases of `kind` (e.g. "npm package.json files the scan did not keep"), the first at `example` (a path). */
  add(kind: string, example: string, count = 1): void {
    const known = this.kinds.get(kind);
    if (known) known.count += count;
    else this.kinds.set(kind, { count, example });
  }

  lines(): string[] {
    return [...this.kinds].map(([kind, { count, example }]) =>
      count === 1 ? `${kind}: ${example}` : `${kind}: ${count}, the first ${example}`,
    );
  }
}

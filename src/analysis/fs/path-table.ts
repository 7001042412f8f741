/**
 * Every path an image's layers mention, interned once as a small integer id, with its
 * parent and children. Id 0 is the root "/". Parents are interned before their children,
 * even when no layer has an entry for them (an implicit directory).
 *
 * Columns are typed arrays rather than one object per path: an image with 200k+ paths
 * costs a Map entry and ~16 bytes of columns per path, and the path strings are the ones
 * the scan already holds.
 */
export class PathTable {
  private readonly ids = new Map<string, number>([['/', 0]]);
  /** The absolute path of each id. */
  readonly names: string[] = ['/'];
  parent: Int32Array<ArrayBuffer>;
  firstChild: Int32Array<ArrayBuffer>;
  nextSibling: Int32Array<ArrayBuffer>;

  /** `capacity`: the number of paths expected (the columns grow past it when needed). */
  constructor(capacity = 1024) {
    this.parent = new Int32Array(Math.max(capacity, 16)).fill(-1);
    this.firstChild = new Int32Array(Math.max(capacity, 16)).fill(-1);
    this.nextSibling = new Int32Array(Math.max(capacity, 16)).fill(-1);
  }

  get size(): number {
    return this.names.length;
  }

  /** The id of a path, or -1 when no layer mentions it. */
  idOf(path: string): number {
    return this.ids.get(path) ?? -1;
  }

  // Tar entries come grouped by directory: the last parent seen is usually the next one's.
  private lastDir = '/';
  private lastDirId = 0;

  /** The id of a path, interning it (and its missing parents) when new. */
  intern(path: string): number {
    const known = this.ids.get(path);
    if (known !== undefined) return known;
    const slash = path.lastIndexOf('/');
    let parent: number;
    if (slash === this.lastDir.length && path.startsWith(this.lastDir)) parent = this.lastDirId;
    else if (slash <= 0) parent = 0;
    else {
      const dir = path.slice(0, slash);
      parent = this.intern(dir);
      this.lastDir = dir;
      this.lastDirId = parent;
    }
    const id = this.names.length;
    this.ensure(id + 1);
    this.names.push(path);
    this.ids.set(path, id);
    this.parent[id] = parent;
    this.nextSibling[id] = this.firstChild[parent];
    this.firstChild[parent] = id;
    return id;
  }

  /** The last component of a path ("" for the root). */
  baseName(id: number): string {
    const p = this.names[id];
    return p.slice(p.lastIndexOf('/') + 1);
  }

  /** Number of components: "/" is 0, "/usr" is 1, "/usr/lib" is 2. */
  depth(id: number): number {
    let d = 0;
    for (let p = id; p > 0; p = this.parent[p]) d++;
    return d;
  }

  childIds(id: number): number[] {
    const out: number[] = [];
    for (let c = this.firstChild[id]; c >= 0; c = this.nextSibling[c]) out.push(c);
    return out;
  }

  /**
   * Visits every descendant of `id` (not `id` itself), depth first. When `enter` returns
   * false for a node, its own descendants are skipped.
   */
  forEachDescendant(id: number, enter: (child: number) => boolean | void): void {
    const stack: number[] = [];
    for (let c = this.firstChild[id]; c >= 0; c = this.nextSibling[c]) stack.push(c);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (enter(node) === false) continue;
      for (let c = this.firstChild[node]; c >= 0; c = this.nextSibling[c]) stack.push(c);
    }
  }

  private ensure(capacity: number): void {
    if (capacity <= this.parent.length) return;
    [this.parent, this.firstChild, this.nextSibling] = growInt32Columns(
      [this.parent, this.firstChild, this.nextSibling],
      capacity,
    );
  }
}

/** A copy of `a` with room for `size` items; new slots hold `fill` (default -1). */
export function growInt32(a: Int32Array, size: number, fill = -1): Int32Array<ArrayBuffer> {
  if (size <= a.length) return a as Int32Array<ArrayBuffer>;
  const out = new Int32Array(size).fill(fill);
  out.set(a);
  return out;
}

/**
 * Columns of one length (new slots -1), grown together to hold `size` items: at least
 * doubled, so that growing one item at a time costs amortised O(1). The same arrays when
 * they already hold `size`.
 */
export function growInt32Columns<T extends Int32Array<ArrayBuffer>[]>(columns: [...T], size: number): T {
  const have = columns[0].length;
  if (size <= have) return columns;
  const capacity = Math.max(size, have * 2);
  return columns.map((c) => growInt32(c, capacity)) as T;
}

export function growFloat64(a: Float64Array, size: number): Float64Array<ArrayBuffer> {
  if (size <= a.length) return a as Float64Array<ArrayBuffer>;
  const out = new Float64Array(size);
  out.set(a);
  return out;
}

export function growUint8(a: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  if (size <= a.length) return a as Uint8Array<ArrayBuffer>;
  const out = new Uint8Array(size);
  out.set(a);
  return out;
}

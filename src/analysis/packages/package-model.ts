/**
 * What `packages` reports: every package instance found in an image's final file system,
 * with the bytes and inodes of its own entries and the layers that added and changed it,
 * totals per ecosystem, and what no package claims. Pure data; built by find-packages.ts
 * from the merged file system and the package metadata the scan kept (scan/tar/package-metadata.ts).
 *
 * Attribution: every entry of the final file system belongs to at most one package. npm and
 * Python packages own the entries below their directory (an npm package's nested
 * node_modules/ is not its own: the packages in it own theirs); dpkg and apk packages own the
 * paths their file lists name, except a directory that more than one package lists (/usr/bin),
 * which no package owns. A path both kinds claim goes to the npm or Python package.
 */

export type Ecosystem = 'npm' | 'deb' | 'apk' | 'python';
export const ECOSYSTEMS: readonly Ecosystem[] = ['npm', 'deb', 'apk', 'python'];

export interface PackageInstance {
  ecosystem: Ecosystem;
  name: string;
  /** '' when the image does not say (a package.json the scan could not keep). */
  version: string;
  /**
   * Where it is: the package's directory (npm, e.g. /app/node_modules/@types/node; Python,
   * its .dist-info or .egg-info directory), or the database that lists it (deb, apk).
   */
  path: string;
  /** Regular-file bytes of its own entries in the final file system (a hardlink: none, its file counts). */
  bytes: number;
  /** Regular files among its own entries. */
  files: number;
  /** Inodes of its own entries (files, directories, symlinks; its directory included); hardlinks share one. */
  inodes: number;
  /** 1-based: the layer that added it (the oldest live entry it owns). */
  addedIn: number;
  /** 1-based, ascending: the later layers that added, changed or removed any of its entries. */
  changedIn: number[];
  /** deb: Installed-Size (KiB × 1024); apk: the installed size the database gives. What the package says it takes. */
  declaredBytes?: number;
  /** npm: a dev dependency, as the app's package-lock.json (or package.json) in the image says. */
  dev?: boolean;
}

export interface PackageTotals {
  ecosystem: Ecosystem;
  packages: number;
  bytes: number;
  files: number;
  inodes: number;
}

export interface DuplicatePackage {
  ecosystem: Ecosystem;
  name: string;
  /** Every version shipped, ascending as strings; '' for an unknown one. */
  versions: string[];
  instances: number;
  /** Bytes of all instances but the largest: what shipping one copy would save. */
  extraBytes: number;
}

export interface PackageReport {
  /** Largest first (bytes, then inodes, then path). */
  packages: PackageInstance[];
  /** One per ecosystem found, in ECOSYSTEMS order. */
  totals: PackageTotals[];
  /** Entries of the final file system no package owns. */
  unclaimed: { bytes: number; files: number; inodes: number };
  /** npm names (and Python, deb, apk ones) shipped more than once, largest extra bytes first. */
  duplicates: DuplicatePackage[];
  /** What could not be read, one line each (a database that does not parse, a manifest the scan did not keep). */
  notes: string[];
}

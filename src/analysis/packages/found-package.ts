/** What each ecosystem's reader hands to attribution: a package found, before its figures are counted. */
import type { Ecosystem } from './package-model.js';

export interface FoundPackage {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  /** As PackageInstance.path. */
  path: string;
  declaredBytes?: number;
  dev?: boolean;
  /** The path id of its manifest or file list: dates the package when it owns no live entry. */
  metadataId: number;
}

/** A package that owns the paths its file list names (dpkg, apk, Python), not a directory tree. */
export interface ListedPackage {
  found: FoundPackage;
  /** Absolute, normalized paths. */
  paths: string[];
  /**
   * Python: the site-packages directory; the directories between it and each listed path are
   * the package's too (a directory more than one package needs is nobody's).
   */
  impliedDirsBelow?: number;
}

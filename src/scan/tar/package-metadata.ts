/**
 * The files whose content package attribution reads — package manifests and package
 * databases — kept by the scan in its one pass over a layer, so that `packages` needs no
 * second pass and no extraction:
 *   npm      node_modules/NAME/package.json and node_modules/@SCOPE/NAME/package.json at any
 *            depth (pnpm's .pnpm store included); an app's package.json and package-lock.json
 *   dpkg     var/lib/dpkg/status, var/lib/dpkg/status.d/* (distroless), var/lib/dpkg/info/*.list
 *   apk      lib/apk/db/installed
 *   Python   *.dist-info/RECORD, *.egg-info/installed-files.txt and *.egg-info/PKG-INFO
 * A file over 8 MiB is not kept, nor anything once a layer has kept 64 MiB: input nobody
 * checked must not decide how much is held (the attribution then names what it lacks).
 */
export const METADATA_FILE_LIMIT = 8 * 1024 * 1024;
export const METADATA_LAYER_LIMIT = 64 * 1024 * 1024;

const PATTERNS = [
  /\/node_modules\/(?:@[^/]+\/)?[^/]+\/package\.json$/,
  /^(?:\/[^/]+)*\/package(?:-lock)?\.json$/,
  /^\/var\/lib\/dpkg\/(?:status|status\.d\/[^/]+|info\/[^/]+\.list)$/,
  /^\/lib\/apk\/db\/installed$/,
  /\.dist-info\/RECORD$/,
  /\.egg-info\/(?:installed-files\.txt|PKG-INFO)$/,
];

/** Whether the scan keeps the content of the regular file at `path` (an absolute image path). */
export function isPackageMetadata(path: string): boolean {
  return PATTERNS.some((p) => p.test(path));
}

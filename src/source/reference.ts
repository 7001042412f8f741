/**
 * Image references, with skopeo's transport names:
 *   docker-archive:PATH[:NAME:TAG]   oci:DIR[:TAG|@DIGEST]   oci-archive:PATH[:TAG|@DIGEST]
 *   docker:NAME[:TAG|@DIGEST|ID] (also skopeo's docker-daemon:)   the local engine
 *   docker://HOST[:PORT]/REPO[:TAG|@DIGEST], registry:REPO[:TAG]   a registry
 * A bare existing path (optionally followed by :TAG) is detected by content; a bare argument that
 * looks like a file (see looksLikeFile) and is not there is "no such file"; any other bare name
 * means the engine, as in dive (`bare: true`, so a miss can say it is neither). Parsing is pure: `exists` is passed in, so a path containing ':' can be told from a
 * path followed by a tag.
 */
import { LayerscopeError } from '../errors.js';

export type ImageRef =
  | { transport: 'docker-archive'; path: string; tag?: string }
  | { transport: 'oci' | 'oci-archive'; path: string; tag?: string; digest?: string }
  | { transport: 'path'; path: string; tag?: string }
  | { transport: 'docker'; name: string; bare?: boolean }
  | { transport: 'registry'; name: string; explicitHost: boolean };

const UNSUPPORTED = ['dir', 'containers-storage', 'sif', 'tarball', 'ostree'];
/** A docker reference: [host[:port]/]path[:tag][@digest], or an image ID. */
const DOCKER_NAME =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[a-z0-9]+:[a-f0-9]{32,})?$/;

export function isDockerName(text: string): boolean {
  return DOCKER_NAME.test(text) || /^(sha256:)?[a-f0-9]{12,64}$/.test(text);
}

const ARCHIVE_NAME = /\.(tar|tar\.gz|tgz|tar\.zst|oci)$/i;

/**
 * A bare argument meant as a file: it starts like a path (/, ./, ../, ~/), ends like an archive
 * (.tar, .tar.gz, .tgz, .tar.zst, .oci), or has a '/' where no image name could.
 */
export function looksLikeFile(text: string): boolean {
  return /^(\/|\.\.?\/|~\/)/.test(text) || ARCHIVE_NAME.test(text) || (text.includes('/') && !isDockerName(text));
}

export function parseReference(text: string, exists: (path: string) => boolean): ImageRef {
  if (text.trim() === '') throw usage(text, 'an empty reference');
  if (text.startsWith('docker://')) return registryRef(text, text.slice('docker://'.length), true);
  const colon = text.indexOf(':');
  const transport = colon > 0 ? text.slice(0, colon) : '';
  const rest = text.slice(colon + 1);
  switch (transport) {
    case 'docker-archive':
      return { transport, ...splitPath(needPath(text, transport, rest), exists) };
    case 'oci':
    case 'oci-archive':
      return ociRef(transport, needPath(text, transport, rest), exists);
    case 'docker':
    case 'docker-daemon':
      if (!isDockerName(rest)) throw usage(text, `"${rest}" is not an image name, name:tag, name@digest or image ID`);
      return { transport: 'docker', name: rest };
    case 'registry':
      return registryRef(text, rest, false);
  }
  const bare = splitPath(text, exists);
  if (exists(bare.path)) return { transport: 'path', ...bare };
  if (UNSUPPORTED.includes(transport)) throw usage(text, `the ${transport}: transport is not supported`);
  const file = [text, text.split(':')[0]].find(looksLikeFile);
  if (file === undefined && isDockerName(text)) return { transport: 'docker', name: text, bare: true };
  if (/^[a-z][a-z0-9-]*$/.test(transport)) throw usage(text, `unknown transport "${transport}:"`);
  if (file !== undefined) throw noSuchFile(file);
  if (/[/.]/.test(text)) throw noSuchFile(text);
  throw usage(text, 'not an image reference');
}

export function noSuchFile(path: string): LayerscopeError {
  return new LayerscopeError('not-found', `no such file: ${path}`, {
    hint: 'give a docker save tar, an OCI layout directory or archive, or an image name for the engine',
  });
}

function usage(text: string, what: string): LayerscopeError {
  return new LayerscopeError('usage', `${text || '""'}: ${what}`, {
    hint: 'use docker-archive:PATH, oci:DIR[:TAG], oci-archive:PATH[:TAG], docker:NAME[:TAG], docker://HOST/REPO[:TAG], or a path',
  });
}

function needPath(text: string, transport: string, rest: string): string {
  if (rest === '') throw usage(text, `the ${transport}: transport needs a path`);
  return rest;
}

function registryRef(text: string, name: string, explicitHost: boolean): ImageRef {
  if (!isDockerName(name) || /^(sha256:)?[a-f0-9]{64}$/.test(name))
    throw usage(text, `"${name}" is not a repository reference`);
  return { transport: 'registry', name, explicitHost };
}

/** Splits `PATH:SUFFIX` at the first ':' whose left side exists; else the whole text is the path. */
function splitPath(rest: string, exists: (p: string) => boolean): { path: string; tag?: string } {
  if (exists(rest)) return { path: rest };
  for (let i = rest.indexOf(':'); i > 0; i = rest.indexOf(':', i + 1)) {
    if (exists(rest.slice(0, i))) return { path: rest.slice(0, i), tag: rest.slice(i + 1) };
  }
  return { path: rest };
}

function ociRef(transport: 'oci' | 'oci-archive', rest: string, exists: (p: string) => boolean): ImageRef {
  const at = rest.lastIndexOf('@');
  if (at > 0 && /^[a-z0-9]+:[a-f0-9]+$/.test(rest.slice(at + 1))) {
    return { transport, path: rest.slice(0, at), digest: rest.slice(at + 1) };
  }
  return { transport, ...splitPath(rest, exists) };
}

/**
 * Image references, with skopeo's transport names: `docker-archive:PATH[:NAME:TAG]`,
 * `oci:DIR[:TAG|@DIGEST]`, `oci-archive:PATH[:TAG|@DIGEST]`, or a bare path detected by
 * content. Parsing is pure; `exists` is passed in so a path containing ':' can be told from
 * a path followed by a tag.
 */
import { LayerscopeError } from '../errors.js';

export type ImageRef =
  | { transport: 'docker-archive'; path: string; tag?: string }
  | { transport: 'oci' | 'oci-archive'; path: string; tag?: string; digest?: string }
  | { transport: 'path'; path: string };

const PATH_TRANSPORTS = ['docker-archive', 'oci', 'oci-archive'] as const;
const UNSUPPORTED = ['dir', 'containers-storage', 'sif', 'tarball', 'ostree', 'docker-daemon', 'docker', 'registry'];

export function parseReference(text: string, exists: (path: string) => boolean): ImageRef {
  if (text.trim() === '') throw unknown(text, 'an empty reference');
  const colon = text.indexOf(':');
  const transport = colon > 0 ? text.slice(0, colon) : '';
  const rest = text.slice(colon + 1);
  if ((PATH_TRANSPORTS as readonly string[]).includes(transport)) {
    if (rest === '') throw new LayerscopeError('usage', `${text}: the ${transport} transport needs a path`);
    return transport === 'docker-archive' ? dockerArchive(rest, exists) : ociRef(transport as 'oci', rest, exists);
  }
  if (exists(text)) return { transport: 'path', path: text };
  if (UNSUPPORTED.includes(transport) || text.startsWith('docker://')) {
    throw new LayerscopeError('usage', `${text}: the ${transport || 'docker'} transport is not supported`, {
      hint: 'supported: docker-archive:PATH, oci:DIR, oci-archive:PATH, or a path',
    });
  }
  if (/^[a-z][a-z0-9-]*$/.test(transport) && /^[a-z][a-z0-9+.-]*:/i.test(text) && rest.includes('/')) {
    throw unknown(text, `unknown transport "${transport}"`);
  }
  throw new LayerscopeError('not-found', `${text}: no such file or directory`, {
    hint: 'give a docker save tar, an OCI layout directory or archive (docker-archive:PATH, oci:DIR, oci-archive:PATH)',
  });
}

function unknown(text: string, what: string): LayerscopeError {
  return new LayerscopeError('usage', `${text || '""'}: ${what}`, {
    hint: 'use docker-archive:PATH, oci:DIR[:TAG], oci-archive:PATH[:TAG], or a path',
  });
}

/** Splits `PATH:SUFFIX` at the first ':' whose left side exists; else the whole text is the path. */
function splitPath(rest: string, exists: (p: string) => boolean): { path: string; suffix?: string } {
  if (exists(rest)) return { path: rest };
  for (let i = rest.indexOf(':'); i > 0; i = rest.indexOf(':', i + 1)) {
    if (exists(rest.slice(0, i))) return { path: rest.slice(0, i), suffix: rest.slice(i + 1) };
  }
  return { path: rest };
}

function dockerArchive(rest: string, exists: (p: string) => boolean): ImageRef {
  const { path, suffix } = splitPath(rest, exists);
  return suffix ? { transport: 'docker-archive', path, tag: suffix } : { transport: 'docker-archive', path };
}

function ociRef(transport: 'oci' | 'oci-archive', rest: string, exists: (p: string) => boolean): ImageRef {
  const at = rest.lastIndexOf('@');
  if (at > 0 && /^[a-z0-9]+:[a-f0-9]+$/.test(rest.slice(at + 1))) {
    return { transport, path: rest.slice(0, at), digest: rest.slice(at + 1) };
  }
  const { path, suffix } = splitPath(rest, exists);
  return suffix ? { transport, path, tag: suffix } : { transport, path };
}

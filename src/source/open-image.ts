/** Resolves a reference to a lazy Image: finds the source, reads only metadata. */
import { existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { describeCause, inputError, LayerscopeError, usageError } from '../errors.js';
import type { PullProgress } from './daemon/pull.js';
import { readDockerArchive } from './archive/docker-archive.js';
import type { Deadlines } from './deadlines.js';
import { formatPlatform, type Image, type Platform } from './model.js';
import { platformMatches } from './oci/platform.js';
import { readOciLayout } from './oci/oci-layout.js';
import { noSuchFile, parseReference, type ImageRef } from './reference.js';
import type { RegistryOptions } from './registry/client.js';
import type { ArchiveTree } from './archive/archive-tree.js';
import { DirTree } from './oci/dir-tree.js';

export interface OpenOptions {
  platform?: Platform;
  /** Credentials and TLS choice for registry references. */
  registry?: RegistryOptions;
  /** Engine references: pull first (the engine source never pulls on its own). */
  pull?: boolean;
  onPullProgress?: (p: PullProgress) => void;
  signal?: AbortSignal;
  /** Deadlines of each request to the engine (registry requests: registry.deadlines). */
  deadlines?: Deadlines;
}

export async function openImage(reference: string, opts: OpenOptions = {}): Promise<Image> {
  const ref = parseReference(reference, existsSync);
  // Each source's modules load only for its references (dockerode, the registry client, the
  // tar readers), so a run starts faster — a run served from the caches reads little else.
  if (ref.transport === 'registry') {
    const { openRegistryImage } = await import('./registry/registry-image.js');
    return openRegistryImage(reference, ref.name, opts);
  }
  if (ref.transport === 'docker') {
    const { openDaemonImage } = await import('./daemon/daemon-image.js');
    return openDaemonImage(ref.name, reference, { ...opts, bare: ref.bare });
  }
  if (opts.pull)
    throw usageError(
      `${reference}: --pull applies only to images in the Docker Engine (docker:NAME)`,
      'drop --pull, or name an engine image',
    );
  const tree = await openTree(ref.path);
  try {
    return checkPlatform(await readTree(tree, ref, reference, opts), opts.platform);
  } catch (err) {
    await tree.close();
    throw err;
  }
}

/** A single-platform image (an archive, a layout with one manifest) is an error for another --platform. */
function checkPlatform(image: Image, wanted: Platform | undefined): Image {
  if (!wanted || platformMatches(wanted, image.platform)) return image;
  throw new LayerscopeError(
    'platform',
    `${image.reference}: the image is for ${formatPlatform(image.platform)}, not ${formatPlatform(wanted)}`,
    {
      hint: `it has one platform: leave out --platform, or use --platform ${formatPlatform(image.platform)}`,
    },
  );
}

async function readTree(
  tree: ArchiveTree,
  ref: Extract<ImageRef, { path: string }>,
  reference: string,
  opts: OpenOptions,
): Promise<Image> {
  const isOci = tree.has('oci-layout') && tree.has('index.json');
  const isDocker = tree.has('manifest.json');
  switch (ref.transport) {
    case 'docker-archive':
      if (!isDocker)
        throw inputError(
          `${tree.label}: not a docker save archive (no manifest.json)`,
          isOci ? `it is an OCI layout: use oci-archive:${ref.path}` : undefined,
        );
      return readDockerArchive(tree, ref.tag, reference);
    case 'oci':
    case 'oci-archive':
      return readOciLayout(tree, ref, { reference, source: ref.transport, platform: opts.platform });
    case 'path':
      if (isDocker) return readDockerArchive(tree, ref.tag, reference);
      if (isOci)
        return readOciLayout(
          tree,
          { tag: ref.tag },
          { reference, source: tree instanceof DirTree ? 'oci' : 'oci-archive', platform: opts.platform },
        );
      throw inputError(
        `${tree.label}: neither a docker save archive nor an OCI layout (no manifest.json or index.json)`,
      );
  }
}

async function openTree(path: string): Promise<ArchiveTree> {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchFile(path);
    throw new LayerscopeError('not-found', `${path}: ${describeCause(err)}`);
  }
  if (stat.isDirectory()) return new DirTree(path);
  const [{ sniffCompression }, { CompressedTarTree }, { TarTree }] = await Promise.all([
    import('./decompress.js'),
    import('./archive/compressed-tar-tree.js'),
    import('./archive/tar-tree.js'),
  ]);
  const head = await readHead(path);
  const compression = sniffCompression(head);
  if (compression !== 'none') return CompressedTarTree.open(path, compression);
  return TarTree.open(path);
}

async function readHead(path: string): Promise<Buffer> {
  let file;
  try {
    file = await open(path, 'r');
    const buf = Buffer.alloc(4);
    const { bytesRead } = await file.read(buf, 0, 4, 0);
    return buf.subarray(0, bytesRead);
  } catch (err) {
    throw inputError(`${path}: ${describeCause(err)}`);
  } finally {
    await file?.close();
  }
}

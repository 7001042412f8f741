/**
 * What the fuzzer mutates: a few small images built by code (test/fixtures/image-builder),
 * and the means to put mutated layer tars, configs and manifests back together as a docker
 * save archive or an OCI layout, with digests recomputed (so a mutation reaches past the
 * digest checks) or left as they were (so the checks themselves are exercised).
 */
import {
  buildImage,
  compress,
  dockerLegacyFiles,
  dockerOciFiles,
  ociLayoutFiles,
  sha256Digest,
  type BuiltImage,
  type BuiltLayer,
  type Compression,
  type FileSet,
} from '../fixtures/image-builder/index.js';

export type Container = 'docker-legacy' | 'docker-oci' | 'oci-dir' | 'oci-archive';

const long = 'deep/'.repeat(30);

function baseSpecs() {
  return [
    {
      layers: [
        {
          entries: [
            { type: 'dir' as const, path: 'etc' },
            { type: 'file' as const, path: 'etc/hello', content: 'hi\n' },
            { type: 'file' as const, path: `${long}pax-named.txt`, content: 'pax' },
            { type: 'symlink' as const, path: 'etc/link', target: 'hello' },
          ],
        },
        {
          longNames: 'gnu' as const,
          entries: [
            { type: 'file' as const, path: `${long}gnu-named.bin`, size: 3000 },
            { type: 'hardlink' as const, path: 'etc/hard', target: 'etc/hello' },
            { type: 'whiteout' as const, path: 'etc/link' },
          ],
        },
      ],
      history: [{ createdBy: 'ADD rootfs /' }, { createdBy: 'ENV A=1', emptyLayer: true }, { createdBy: 'RUN make' }],
    },
    {
      layers: [
        {
          entries: [
            { type: 'file' as const, path: 'a', size: 700 },
            { type: 'opaque' as const, dir: 'var' },
          ],
        },
      ],
    },
  ];
}

let built: BuiltImage[] | undefined;

/** The seed images, built once per process (zstd layers come from the zstd CLI, once). */
export function seedImages(): BuiltImage[] {
  built ??= baseSpecs().flatMap((spec) =>
    (['gzip', 'none', 'zstd'] as Compression[]).map((c) =>
      buildImage({ ...spec, layers: spec.layers.map((l) => ({ ...l, compression: c })) }),
    ),
  );
  return built;
}

/** A layer whose blob or tar was changed; `recompute` gives it its new digests. */
export function replaceLayer(
  layer: BuiltLayer,
  change: { tar?: Buffer; blob?: Buffer },
  recompute: boolean,
): BuiltLayer {
  const tar = change.tar ?? layer.tar;
  // A changed tar is compressed again (zstd as gzip: the zstd CLI per case would be slow).
  const compression = change.tar && layer.compression === 'zstd' ? 'gzip' : layer.compression;
  const blob = change.blob ?? (change.tar ? compress(tar, compression) : layer.blob);
  const mediaType = compression === layer.compression ? layer.mediaType : 'application/vnd.oci.image.layer.v1.tar+gzip';
  if (!recompute) return { ...layer, tar, blob, compression, mediaType };
  const diffID = change.blob ? layer.diffID : sha256Digest(tar);
  return { ...layer, tar, blob, compression, mediaType, diffID, digest: sha256Digest(blob) };
}

/** The image with its config and manifest rebuilt around its (possibly changed) layers. */
export function reassemble(
  image: BuiltImage,
  layers: BuiltLayer[],
  edit: { config?: (c: any) => void; manifest?: (m: any) => void } = {},
): BuiltImage {
  const config = JSON.parse(image.config.toString());
  config.rootfs.diff_ids = layers.map((l) => l.diffID);
  edit.config?.(config);
  const configBytes = Buffer.from(JSON.stringify(config));
  const manifest = JSON.parse(image.manifest.toString());
  manifest.config = { ...manifest.config, digest: sha256Digest(configBytes), size: configBytes.length };
  manifest.layers = layers.map((l, i) => ({ ...manifest.layers[i], digest: l.digest, size: l.blob.length }));
  edit.manifest?.(manifest);
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  return {
    ...image,
    layers,
    config: configBytes,
    configDigest: sha256Digest(configBytes),
    manifest: manifestBytes,
    manifestDigest: sha256Digest(manifestBytes),
  };
}

/** The files of an image in one of the containers the CLI reads. */
export function containerFiles(image: BuiltImage, container: Container): FileSet {
  switch (container) {
    case 'docker-legacy':
      return dockerLegacyFiles([{ image, tags: ['fuzz:1'] }]);
    case 'docker-oci':
      return dockerOciFiles([{ image, tags: ['fuzz:1'] }]);
    default:
      return ociLayoutFiles([{ image, tag: '1' }]);
  }
}

/** Wraps the OCI layout's first manifest in `depth` nested indexes, each listing its child `fan` times. */
export function nestIndexes(files: FileSet, fan: number, depth: number): void {
  let child: unknown = JSON.parse(files.get('index.json')!.toString()).manifests[0];
  for (let d = 0; d < depth; d++) {
    const bytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: Array.from({ length: fan }, () => child),
      }),
    );
    const digest = sha256Digest(bytes);
    files.set(`blobs/sha256/${digest.slice(7)}`, bytes);
    child = { mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: bytes.length };
  }
  files.set('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [child] })));
}

/** The two files that make a directory of blobs an OCI image layout: oci-layout, and index.json naming one manifest by tag. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeLayoutIndex(dir: string, manifest: { digest: string; size: number }, tag: string): void {
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const entry = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: manifest.digest,
    size: manifest.size,
    annotations: { 'org.opencontainers.image.ref.name': tag },
  };
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [entry] }));
}

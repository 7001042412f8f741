/**
 * Pushes blobs and a manifest to a real registry with plain distribution-API requests, under
 * digests of our choosing (sha512 included), which skopeo would not write.
 */
import { createHash } from 'node:crypto';

export function digestOf(bytes: Buffer, algorithm: 'sha256' | 'sha512'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

async function ok(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res;
}

/** Monolithic upload: POST a session, PUT the bytes with ?digest=. */
export async function pushBlob(registry: string, repo: string, bytes: Buffer, digest: string): Promise<void> {
  const start = await ok(
    await fetch(`http://${registry}/v2/${repo}/blobs/uploads/`, { method: 'POST' }),
    `upload ${digest}`,
  );
  const url = new URL(start.headers.get('location')!, `http://${registry}`);
  url.searchParams.set('digest', digest);
  await ok(
    await fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } }),
    `put ${digest}`,
  );
}

export async function putManifest(
  registry: string,
  repo: string,
  tag: string,
  manifest: Buffer,
  mediaType: string,
): Promise<void> {
  await ok(
    await fetch(`http://${registry}/v2/${repo}/manifests/${tag}`, {
      method: 'PUT',
      body: manifest,
      headers: { 'content-type': mediaType },
    }),
    `manifest ${tag}`,
  );
}

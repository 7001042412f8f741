/**
 * Chain IDs, as the engine stores layers: a layer is reused on a host only when its whole
 * chain below matches. ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))
 * (OCI image spec, "Layer ChainID"). Pure.
 */
import { createHash } from 'node:crypto';

export function chainIDs(diffIDs: string[]): string[] {
  const out: string[] = [];
  for (const diffID of diffIDs) {
    const parent = out[out.length - 1];
    out.push(
      parent === undefined ? diffID : `sha256:${createHash('sha256').update(`${parent} ${diffID}`).digest('hex')}`,
    );
  }
  return out;
}

/** FootprintImages built from shorthand records, for the pure footprint tests. */
import { chainIDs } from '../../src/analysis/compare/chain-id.js';
import type { FootprintImage, FootprintLayer } from '../../src/analysis/footprint/footprint-store.js';
import { treeCost } from '../../src/analysis/footprint/footprint-tree.js';
import { rec } from '../analysis/helpers.js';

export const B = 4096;

/** A layer's content, named: the same name means the same diffID (and blob). */
export interface LayerDef {
  name: string;
  lines: string[];
  blobSize?: number;
}

export const digestOf = (name: string): string =>
  `sha256:${Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64)}`;

export function image(reference: string, layers: LayerDef[], blockSize = B): FootprintImage {
  const diffIDs = layers.map((l) => digestOf(l.name));
  const chains = chainIDs(diffIDs);
  return {
    reference,
    id: digestOf(`config-${reference}`),
    manifestDigest: digestOf(`manifest-${reference}`),
    configBytes: 1000,
    manifestBytes: 500,
    layers: layers.map((l, i): FootprintLayer => {
      const records = l.lines.map(rec);
      return {
        diffID: diffIDs[i],
        chainID: chains[i],
        blobDigest: diffIDs[i],
        blobSize: l.blobSize ?? 10_000,
        tree: treeCost(records, blockSize),
        tarEntries: records.length,
        contentFiles: records.filter((r) => r.type === 'file' && r.size > 0).length,
      };
    }),
  };
}

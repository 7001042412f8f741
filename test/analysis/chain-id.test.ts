import { describe, expect, it } from 'vitest';
import { chainIDs } from '../../src/analysis/compare/chain-id.js';

describe('chain IDs', () => {
  it('follow the OCI formula (expected value computed with sha256sum)', () => {
    const a = `sha256:${'a'.repeat(64)}`;
    const b = `sha256:${'b'.repeat(64)}`;
    // printf 'sha256:aaa…a sha256:bbb…b' | sha256sum
    expect(chainIDs([a, b])).toEqual([a, 'sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c']);
    expect(chainIDs([])).toEqual([]);
  });

  it('differ above a changed base even where diffIDs match', () => {
    const [x, y, z] = ['1', '2', '3'].map((c) => `sha256:${c.repeat(64)}`);
    const one = chainIDs([x, y, z]);
    const two = chainIDs([z, y, z]);
    expect(one[1]).not.toBe(two[1]);
    expect(one[2]).not.toBe(two[2]);
  });
});

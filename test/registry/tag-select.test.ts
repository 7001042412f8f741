import { describe, expect, it } from 'vitest';
import { parseTagSpec, selectTags } from '../../src/source/registry/tag-select.js';

const TAGS = ['latest', '1.10.0', '1.9.2', 'v1.2', '2.0.0-rc.1', '1.9.10', 'main', 'sha-3f2a9c', '2.0.0', '0.9'];

describe('series --tags selection', () => {
  it('takes the last N versions, oldest first, ignoring tags that are not versions', () => {
    expect(selectTags(TAGS, parseTagSpec('3') as { last: number })).toEqual({
      tags: ['1.10.0', '2.0.0-rc.1', '2.0.0'],
      ignored: ['latest', 'main', 'sha-3f2a9c'],
    });
  });

  it('takes the versions in a semver range, without pre-releases', () => {
    expect(selectTags(TAGS, parseTagSpec('>=1.2 <2') as { range: string }).tags).toEqual([
      'v1.2',
      '1.9.2',
      '1.9.10',
      '1.10.0',
    ]);
    expect(selectTags(TAGS, parseTagSpec('1.9.x') as { range: string }).tags).toEqual(['1.9.2', '1.9.10']);
  });

  it('refuses a spec that is neither', () => {
    expect(() => parseTagSpec('lots')).toThrow(/--tags: "lots" is neither a number of tags nor a semver range/);
  });
});

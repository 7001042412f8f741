import { describe, expect, it } from 'vitest';
import { visible, visibleStrings } from '../../src/render/common/safe-text.js';

describe('visible: control characters as escapes', () => {
  it('names LF, CR and tab; other C0 and DEL as \\xNN; C1 and bidi controls as \\uNNNN', () => {
    expect(visible('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(visible('\x1b[31m\x1b]0;title\x07\x00\x7f')).toBe('\\x1b[31m\\x1b]0;title\\x07\\x00\\x7f');
    expect(visible('\u0080\u009b\u009f')).toBe('\\u0080\\u009b\\u009f');
    expect(visible('\u202a\u202e\u2066\u2069\u200e\u200f\u061c\u2028\u2029')).toBe(
      '\\u202a\\u202e\\u2066\\u2069\\u200e\\u200f\\u061c\\u2028\\u2029',
    );
  });

  it('keeps everything else as it is: a backslash, wide and combining characters, emoji, U+00A0 on', () => {
    for (const s of ['C:\\dir\\x41', '日本語', 'e\u0301', '📦', '\u00a0©', '\\x9b already escaped'])
      expect(visible(s)).toBe(s);
  });

  it('is idempotent: what it shows has no control character left', () => {
    const once = visible('\x1b\n\u009b\u202e');
    expect(visible(once)).toBe(once);
  });
});

describe('visibleStrings: every string of a report', () => {
  it('maps nested objects and arrays, leaves numbers, nulls and booleans, never changes the input', () => {
    const report = {
      image: { repoTags: ['a\x1b:1'], layers: 2, id: null },
      rows: [{ createdBy: 'RUN \r', empty: false }],
    };
    const copy = structuredClone(report);
    expect(visibleStrings(report)).toEqual({
      image: { repoTags: ['a\\x1b:1'], layers: 2, id: null },
      rows: [{ createdBy: 'RUN \\r', empty: false }],
    });
    expect(report).toEqual(copy);
  });
});

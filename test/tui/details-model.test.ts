import { describe, expect, it } from 'vitest';
import { wrapLine } from '../../src/tui/state/details-model.js';

describe('details lines', () => {
  it('wrap at spaces to the width, continuing under the text, never longer than the width', () => {
    const line = [
      { text: 'Waste    ', tone: 'label' as const },
      { text: 'efficiency 35.6% · reclaimable 3.13 MB / 6 inodes (1.03 MB overwritten, 2.10 MB deleted)' },
    ];
    const wrapped = wrapLine(line, 80).map((l) => l.map((s) => s.text).join(''));
    expect(wrapped).toEqual([
      'Waste    efficiency 35.6% · reclaimable 3.13 MB / 6 inodes (1.03 MB overwritten,',
      '         2.10 MB deleted)',
    ]);
    for (const width of [20, 33, 61, 79])
      for (const l of wrapLine(line, width)) expect(l.map((s) => s.text).join('').length).toBeLessThanOrEqual(width);
  });
});

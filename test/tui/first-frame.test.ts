import { describe, expect, it } from 'vitest';
import { openImage } from '../../src/source/open-image.js';
import { firstFrame } from '../../src/tui/app/first-frame.js';

describe('the first frame, drawn before ink loads', () => {
  it('shows the layer list from metadata in the columns of the ink screen, 80×24', async () => {
    const image = await openImage('samples/app-1.2.tar', {});
    const lines = firstFrame([image], 80, 24).split('\n');
    await image.close();
    expect(lines).toHaveLength(23);
    expect(lines.every((l) => l.length === 80)).toBe(true);
    expect(lines[0]).toMatch(/^layerscope app:1\.2 {2}loading…/);
    expect(lines[1]).toMatch(/^─ Layers 4 layers ─+$/);
    // Same text as the ink screen's rows before the scan (see frames.test.tsx).
    expect(lines[2].trimEnd()).toBe('    #     SIZE    COMPR   FILES  INODES SHARE    CREATED BY');
    expect(lines[3].trimEnd()).toBe('    1        —        —       —       — queued   ADD rootfs.tar /');
    expect(lines[5].trimEnd()).toBe('    3        —        —       —       — queued   RUN /bin/sh -c npm ci');
    expect(lines[22]).toMatch(/^loading the interface…/);
  });

  it('shows both images side by side for --compare, shared and new marked', async () => {
    const [a, b] = await Promise.all([openImage('samples/app-1.1.tar', {}), openImage('samples/app-1.2.tar', {})]);
    const lines = firstFrame([a, b], 80, 24).split('\n');
    await Promise.all([a.close(), b.close()]);
    expect(lines[0]).toMatch(/^layerscope app:1\.1 → app:1\.2 {2}loading…/);
    expect(lines[3]).toMatch(/^ +1 +… ADD rootfs\.tar \/ +│ shared +… ADD rootfs\.tar \//);
    expect(lines[5]).toMatch(/^ +3 +… RUN \/bin\/sh -c npm ci +│ new /);
  });

  it('draws nothing on a terminal too small for the panes', async () => {
    const image = await openImage('samples/app-1.2.tar', {});
    expect(firstFrame([image], 40, 10)).toBe('');
    await image.close();
  });
});

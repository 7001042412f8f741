/**
 * Which history entries own a layer, from the engine's history API alone. The items are
 * what the engine returned for the classic-builder image in test/daemon/images/app (sizes
 * as measured); `RUN true` made no layer, `RUN rm …` made a layer of 0 bytes.
 */
import { describe, expect, it } from 'vitest';
import { anchorIds, mapHistory, type EngineHistoryItem } from '../../src/source/daemon/history.js';

const oldestFirst: Array<[string, number, string]> = [
  ['i1', 1982256, '/bin/sh -c #(nop) COPY file:73e2 in /bin/busybox '],
  ['i2', 3216, '/bin/busybox sh -c /bin/busybox --install -s'],
  ['i3', 0, '/bin/sh -c #(nop)  ENV APP_HOME=/app'],
  ['i4', 0, '/bin/sh -c #(nop) WORKDIR /app'],
  ['i5', 98336, '/bin/sh -c mkdir -p data config'],
  ['i6', 0, '/bin/sh -c true'],
  ['i7', 0, '/bin/sh -c rm config/app.conf.bak data/current'],
  ['i8', 0, '/bin/sh -c #(nop)  CMD ["/bin/sh"]'],
];
// layers after each entry: COPY, install, -, WORKDIR (a 0-byte layer), RUN, -, rm, -
const layersAfter = [1, 2, 2, 3, 4, 4, 5, 5];
const LAYERS = 5;

function items(ids: (i: number) => string): EngineHistoryItem[] {
  return oldestFirst
    .map(([, size, createdBy], i) => ({ Id: ids(i), Created: 1_700_000_000 + i, CreatedBy: createdBy, Size: size }))
    .reverse();
}

const empties = (r: ReturnType<typeof mapHistory>) => r.entries.map((e) => e.emptyLayer);
const truth = layersAfter.map((n, i) => n === (layersAfter[i - 1] ?? 0));

describe('mapHistory', () => {
  it('is exact when the engine knows the intermediate images (classic builder)', () => {
    const list = items((i) => (i === oldestFirst.length - 1 ? 'top' : oldestFirst[i][0]));
    const ids = anchorIds(list, 'top');
    expect([...ids.values()]).toEqual([6, 5, 4, 3, 2, 1, 0]);
    const anchors = new Map(
      [...ids].map(([id, index]) => [index, layersAfter[oldestFirst.findIndex(([x]) => x === id)]]),
    );
    const mapped = mapHistory(list, LAYERS, anchors);
    expect(empties(mapped)).toEqual(truth);
    expect(mapped.layerSizes).toEqual([1982256, 3216, 0, 98336, 0]);
  });

  it('without intermediate images (pulled): sizes first, then instructions that can make layers', () => {
    const mapped = mapHistory(
      items(() => '<missing>'),
      LAYERS,
    );
    // 3 entries have bytes; of the 0-byte ones, ENV and CMD are config-only; WORKDIR and
    // `RUN true` come before `RUN rm`, so the guess gives WORKDIR and `RUN true` the layers.
    expect(empties(mapped)).toEqual([false, false, true, false, false, false, true, true]);
    expect(mapped.entries.filter((e) => !e.emptyLayer)).toHaveLength(LAYERS);
    expect(mapped.layerSizes).toEqual([1982256, 3216, 0, 98336, 0]);
  });

  it('keeps oldest-first order, created times and commands', () => {
    const { entries } = mapHistory(
      items(() => '<missing>'),
      LAYERS,
    );
    expect(entries[0]).toMatchObject({
      createdBy: oldestFirst[0][2],
      created: new Date(1_700_000_000_000).toISOString(),
    });
    expect(entries.map((e) => e.createdBy)).toEqual(oldestFirst.map(([, , c]) => c));
  });

  it('recognises buildkit-style config-only instructions', () => {
    const list: EngineHistoryItem[] = [
      { Id: '<missing>', Created: 1, CreatedBy: 'CMD ["app"]', Size: 0, Comment: 'buildkit.dockerfile.v0' },
      {
        Id: '<missing>',
        Created: 1,
        CreatedBy: 'RUN /bin/sh -c rm -f /x # buildkit',
        Size: 0,
        Comment: 'buildkit.dockerfile.v0',
      },
      { Id: '<missing>', Created: 1, CreatedBy: 'ENV A=1', Size: 0, Comment: 'buildkit.dockerfile.v0' },
      { Id: '<missing>', Created: 1, CreatedBy: 'ADD rootfs.tar / # buildkit', Size: 5000 },
    ];
    expect(empties(mapHistory(list, 2))).toEqual([false, true, false, true]);
  });

  it('leaves layers without history to the report (more layers than entries)', () => {
    const mapped = mapHistory([{ Id: '<missing>', Created: 0, CreatedBy: 'x', Size: 7 }], 3);
    expect(empties(mapped)).toEqual([false]);
    expect(mapped.layerSizes).toEqual([7, undefined, undefined]);
    expect(mapped.entries[0].created).toBeUndefined();
  });
});

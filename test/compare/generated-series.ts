/**
 * A release series built by code, with every number known by construction (sizes in bytes,
 * inodes = entries, the layer root not counted):
 *   base1  ADD rootfs.tar /   dirs /bin /etc, /bin/tool 20,000 B, /etc/os-release 1,000 B   21,000 B, 4 inodes
 *   base2  (base change)      the same, /etc/os-release 1,100 B                              21,100 B, 4 inodes
 *   deps1  RUN npm ci         /app, /app/node_modules, p0…p9 each a dir + index.js 3,000 B    30,000 B, 22 inodes
 *   deps2  (dependency change) p3/index.js new content (same size), p10 added                33,000 B, 24 inodes
 *   code1  COPY . /app        /app/src, /app/src/main.js 12,000 B                            12,000 B, 2 inodes
 *   code2  (code change)      main.js 13,000 B                                               13,000 B, 2 inodes
 * v1 = base1 deps1 code1; v2 = base1 deps1 code2 (code only); v3 = base1 deps2 code2
 * (dependencies); v4 = base2 deps2 code2 (base). Layers are gzip-compressed.
 */
import { buildImage, type BuiltImage, type EntrySpec } from '../fixtures/image-builder/index.js';

const dir = (path: string): EntrySpec => ({ type: 'dir', path });
const file = (path: string, size: number): EntrySpec => ({ type: 'file', path, size });

export const BASE = [
  '/bin/sh -c #(nop) ADD file:rootfs.tar in / ',
  '/bin/sh -c npm ci',
  '/bin/sh -c #(nop) COPY dir:app in /app ',
];

function base(osRelease: number): EntrySpec[] {
  return [dir('bin'), file('bin/tool', 20_000), dir('etc'), file('etc/os-release', osRelease)];
}

function deps(version: 1 | 2): EntrySpec[] {
  const out: EntrySpec[] = [dir('app'), dir('app/node_modules')];
  const count = version === 1 ? 10 : 11;
  for (let i = 0; i < count; i++) {
    out.push(dir(`app/node_modules/p${i}`));
    out.push(
      version === 2 && i === 3
        ? { type: 'file', path: `app/node_modules/p${i}/index.js`, content: Buffer.alloc(3_000, 0x41) }
        : file(`app/node_modules/p${i}/index.js`, 3_000),
    );
  }
  return out;
}

const code = (size: number): EntrySpec[] => [dir('app/src'), file('app/src/main.js', size)];

function image(layers: EntrySpec[][]): BuiltImage {
  return buildImage({ layers: layers.map((entries, i) => ({ entries, createdBy: BASE[i] })) });
}

export function generatedSeries(): BuiltImage[] {
  return [
    image([base(1_000), deps(1), code(12_000)]),
    image([base(1_000), deps(1), code(13_000)]),
    image([base(1_000), deps(2), code(13_000)]),
    image([base(1_100), deps(2), code(13_000)]),
  ];
}

/** "COPY . /app" with node_modules inside: 1.1 changes only src/main.js. */
export function copyEverything(): BuiltImage[] {
  const app = (mainSize: number): EntrySpec[] => [...deps(1), dir('app/src'), file('app/src/main.js', mainSize)];
  return [2_000, 2_500].map((size) =>
    buildImage({
      layers: [
        { entries: base(1_000), createdBy: BASE[0] },
        { entries: app(size), createdBy: BASE[2] },
      ],
    }),
  );
}

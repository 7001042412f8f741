/**
 * A generated release series for the footprint tests: three versions of a node app whose
 * layers are shared, changed and re-parented the way real deploys are.
 *
 *   v1: base, deps (node_modules: ~3,000 small files), app
 *   v2: base, deps, app'                        (only the app changes)
 *   v3: base, deps', app', cleanup              (new deps; app' is v2's app layer byte for
 *       byte on a new parent, so it is stored twice; cleanup holds whiteouts and an opaque dir)
 *
 * A salt (a file in the base layer) makes every layer's chain ID new to the engine, so the
 * series never shares layers with other tests' images. Deterministic for a given salt.
 */
import type { EntrySpec, ImageSpec } from '../fixtures/image-builder/index.js';

/** A small deterministic PRNG (mulberry32), so sizes vary without Math.random. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mostly small files, a few of several blocks — like a node_modules tree. */
function fileSize(rand: () => number): number {
  const r = rand();
  if (r < 0.05) return 0;
  if (r < 0.75) return Math.floor(rand() * 2500);
  if (r < 0.95) return 2500 + Math.floor(rand() * 9000);
  return 12000 + Math.floor(rand() * 60000);
}

export function baseLayer(salt: string): EntrySpec[] {
  const entries: EntrySpec[] = [
    { type: 'dir', path: 'bin' },
    { type: 'dir', path: 'etc' },
    { type: 'dir', path: 'usr' },
    { type: 'dir', path: 'usr/lib' },
    { type: 'dir', path: 'usr/share' },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'file', path: 'etc/salt', content: salt },
    { type: 'file', path: 'bin/node', size: 180_000, mode: 0o755 },
    { type: 'hardlink', path: 'bin/nodejs', target: 'bin/node' },
    { type: 'symlink', path: 'bin/sh', target: 'busybox' },
    {
      type: 'symlink',
      path: 'usr/lib/libnode.so',
      target: '/usr/lib/x86_64-linux-gnu/nodejs/libnode.so.115.0.0-release-build',
    },
    { type: 'file', path: 'bin/busybox', size: 40_000, mode: 0o755 },
  ];
  const rand = prng(1);
  for (let i = 0; i < 40; i++) entries.push({ type: 'file', path: `usr/share/doc-${i}.txt`, size: fileSize(rand) });
  return entries;
}

/** node_modules: `packages` packages with package.json, index.js, lib/ and some dist/. */
export function depsLayer(packages: number, seed: number): EntrySpec[] {
  const rand = prng(seed);
  const root = 'app/node_modules';
  const entries: EntrySpec[] = [
    { type: 'dir', path: 'app' },
    { type: 'dir', path: root },
  ];
  for (let p = 0; p < packages; p++) {
    const dir = p % 7 === 0 ? `${root}/@scope-${p % 5}/package-number-${p}` : `${root}/dependency-${p}`;
    if (p % 7 === 0 && p < 35) entries.push({ type: 'dir', path: `${root}/@scope-${p % 5}` });
    entries.push({ type: 'dir', path: dir }, { type: 'dir', path: `${dir}/lib` });
    entries.push({ type: 'file', path: `${dir}/package.json`, size: 400 + Math.floor(rand() * 1500) });
    entries.push({ type: 'file', path: `${dir}/index.js`, size: fileSize(rand) });
    const libFiles = 3 + Math.floor(rand() * 9);
    for (let f = 0; f < libFiles; f++)
      entries.push({ type: 'file', path: `${dir}/lib/module-${f}.js`, size: fileSize(rand) });
    if (p % 3 === 0) {
      entries.push({ type: 'dir', path: `${dir}/dist` });
      for (let f = 0; f < 4; f++)
        entries.push({ type: 'file', path: `${dir}/dist/bundle-${f}.min.js`, size: fileSize(rand) });
    }
  }
  return entries;
}

export function appLayer(version: number): EntrySpec[] {
  const rand = prng(100 + version);
  const entries: EntrySpec[] = [
    { type: 'dir', path: 'app' },
    { type: 'dir', path: 'app/src' },
  ];
  entries.push({ type: 'file', path: 'app/package.json', content: `{"name":"app","version":"${version}.0.0"}\n` });
  for (let i = 0; i < 20; i++) entries.push({ type: 'file', path: `app/src/file-${i}.js`, size: fileSize(rand) });
  return entries;
}

/** Whiteouts (0/0 character devices on overlay2) and an opaque directory. */
export function cleanupLayer(): EntrySpec[] {
  return [
    { type: 'dir', path: 'usr' },
    { type: 'dir', path: 'usr/share' },
    { type: 'whiteout', path: 'usr/share/doc-1.txt' },
    { type: 'whiteout', path: 'usr/share/doc-2.txt' },
    { type: 'whiteout', path: 'usr/share/doc-3.txt' },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'opaque', dir: 'tmp' },
    { type: 'file', path: 'tmp/.keep', content: '' },
  ];
}

export function releaseSeries(salt: string, packages = 300): ImageSpec[] {
  const base = { entries: baseLayer(salt), createdBy: 'ADD rootfs.tar /' };
  const deps1 = { entries: depsLayer(packages, 7), createdBy: 'RUN npm ci' };
  const deps3 = { entries: depsLayer(packages, 8), createdBy: 'RUN npm ci' };
  const app1 = { entries: appLayer(1), createdBy: 'COPY . /app' };
  const app2 = { entries: appLayer(2), createdBy: 'COPY . /app' };
  const cleanup = { entries: cleanupLayer(), createdBy: 'RUN rm -rf /usr/share/doc-[123].txt /tmp/*' };
  return [{ layers: [base, deps1, app1] }, { layers: [base, deps1, app2] }, { layers: [base, deps3, app2, cleanup] }];
}

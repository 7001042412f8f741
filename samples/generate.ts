// Writes the sample images in samples/, byte-for-byte the same on every run:
//   app-1.0.tar, app-1.1.tar, app-1.2.tar  docker-archive (Docker 25+ OCI shape), gzipped
//   app-oci/                               OCI layout with tags 1.0, 1.1, 1.2 (gzip layers)
//   wasteful.tar                           docker-archive (legacy shape), plain tar
// The app series shares its base: 1.0 -> 1.1 changes only the top layer (app source);
// 1.1 -> 1.2 bumps and adds dependencies, so layers 3 (node_modules) and 4 change.
// Run with `npm run samples`.
import { createHash } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildImage,
  fillerBytes,
  writeDockerArchive,
  writeOciLayout,
  type BuiltImage,
  type EntrySpec,
  type ImageSpec,
} from '../test/fixtures/image-builder/index.js';

/** samples/ itself, or the directory given as the first argument (the reproducibility test uses one). */
const OUT = process.argv[2] ? resolve(process.argv[2]) : dirname(fileURLToPath(import.meta.url));
const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A small seeded PRNG (mulberry32): same seed, same sequence. */
function random(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text of about `size` bytes, lines labelled so different files differ. */
function text(label: string, size: number): string {
  const lines: string[] = [];
  for (let length = 0, i = 0; length < size; i++) {
    const line = `// ${label} line ${i}: lorem ipsum dolor sit amet\n`;
    lines.push(line);
    length += line.length;
  }
  return lines.join('').slice(0, size);
}

const file = (path: string, content: string | Buffer, mode?: number): EntrySpec => ({ type: 'file', path, content, mode });

/** Adds a directory entry before the first entry inside each directory not listed yet. */
function withParents(entries: EntrySpec[]): EntrySpec[] {
  const seen = new Set<string>();
  const out: EntrySpec[] = [];
  for (const entry of entries) {
    const path = String('path' in entry ? entry.path : entry.dir).replace(/\/$/, '');
    const parts = path.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      if (!seen.has(dir)) out.push({ type: 'dir', path: dir });
      seen.add(dir);
    }
    if (entry.type === 'dir') seen.add(path);
    out.push(entry);
  }
  return out;
}

// ---------------------------------------------------------------- base root fs

function baseLayer(): EntrySpec[] {
  const libs = Array.from({ length: 30 }, (_, i) => `usr/lib/lib${['c', 'm', 'z', 'ssl', 'crypto', 'ffi'][i % 6]}${i}.so.${1 + (i % 3)}`);
  return withParents([
    { type: 'file', path: 'bin/sh', size: 8_192, mode: 0o755 },
    { type: 'symlink', path: 'bin/ls', target: 'sh' },
    { type: 'symlink', path: 'bin/cat', target: 'sh' },
    ...['dev', 'proc', 'home', 'usr/bin', 'usr/local/bin', 'var/log'].map((path): EntrySpec => ({ type: 'dir', path })),
    { type: 'dir', path: 'root', mode: 0o700 },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    file('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n'),
    file('etc/group', 'root:x:0:\nnode:x:1000:\n'),
    file('etc/hostname', 'sample\n'),
    file('etc/os-release', 'NAME="Sample Linux"\nID=sample\nVERSION_ID=1.0\nPRETTY_NAME="Sample Linux 1.0"\n'),
    ...libs.map((path, i): EntrySpec => ({ type: 'file', path, size: 1_000 + ((i * 7_919) % 9_000) })),
    { type: 'hardlink', path: 'usr/lib/libc.so', target: libs[0] },
  ]);
}

// ---------------------------------------------------------------- the app series

interface Pkg {
  name: string;
  version: string;
}

const WORDS = ['ansi', 'array', 'async', 'base', 'buffer', 'chalk', 'color', 'debug', 'deep', 'define', 'escape', 'event', 'fast', 'glob', 'graceful', 'has', 'http', 'inherits', 'json', 'lodash', 'merge', 'mime', 'minimist', 'object', 'once', 'path', 'queue', 'readable', 'safe', 'semver', 'signal', 'source', 'string', 'strip', 'supports', 'through', 'type', 'util', 'which', 'wrap'];
const SUFFIXES = ['', '-parse', '-utils', '-stream', '-map', '-equal', '-keys', '-regex'];

function dependencies(count: number, seed: string): Pkg[] {
  return Array.from({ length: count }, (_, i) => {
    const base = `${WORDS[i % WORDS.length]}${SUFFIXES[Math.floor(i / WORDS.length) % SUFFIXES.length]}`;
    const name = i % 23 === 5 ? `@types/${base}` : base;
    const r = random(`${seed}:${name}`);
    return { name, version: `${1 + Math.floor(r() * 4)}.${Math.floor(r() * 10)}.${Math.floor(r() * 7)}` };
  });
}

/** 1.2: five packages bumped, six added. */
function dependenciesOf(version: string): Pkg[] {
  const pkgs = dependencies(300, 'deps');
  if (version !== '1.2') return pkgs;
  const bumped = pkgs.map((p, i) => (i % 60 === 7 ? { ...p, version: p.version.replace(/^\d+/, (m) => String(+m + 1)) } : p));
  return [...bumped, ...dependencies(306, 'deps').slice(300)];
}

function packageFiles(dir: string, pkg: Pkg, nested: boolean): EntrySpec[] {
  const r = random(`${pkg.name}@${pkg.version}`);
  const id = `${pkg.name}@${pkg.version}`;
  const manifest = JSON.stringify({ name: pkg.name, version: pkg.version, main: 'index.js', license: 'MIT' }, null, 2);
  const entries = [file(`${dir}/package.json`, `${manifest}\n`), file(`${dir}/index.js`, text(id, 100 + Math.floor(r() * 700)))];
  if (nested) return entries;
  entries.push(file(`${dir}/README.md`, text(`${id} readme`, 200 + Math.floor(r() * 1_300))));
  const withMaps = r() < 0.33;
  for (let i = 0, n = 1 + Math.floor(r() * 6); i < n; i++) {
    entries.push(file(`${dir}/lib/part${i}.js`, text(`${id} part ${i}`, 100 + Math.floor(r() * 2_400))));
    if (withMaps) entries.push(file(`${dir}/lib/part${i}.js.map`, text(`${id} map ${i}`, 100 + Math.floor(r() * 900))));
  }
  if (r() < 0.2) entries.push(file(`${dir}/test/index.test.js`, text(`${id} test`, 500)), file(`${dir}/test/fixture.json`, '{}\n'));
  if (r() < 0.05) {
    const inner = { name: `${pkg.name.replace('/', '-')}-core`, version: '0.1.0' };
    entries.push(...packageFiles(`${dir}/node_modules/${inner.name}`, inner, true));
  }
  return entries;
}

function nodeModulesLayer(version: string): EntrySpec[] {
  const pkgs = dependenciesOf(version);
  const lock = JSON.stringify({ lockfileVersion: 3, packages: Object.fromEntries(pkgs.map((p) => [`node_modules/${p.name}`, { version: p.version }])) });
  return withParents([file('app/node_modules/.package-lock.json', lock), ...pkgs.flatMap((p) => packageFiles(`app/node_modules/${p.name}`, p, false))]);
}

function packageLayer(): EntrySpec[] {
  const deps = Object.fromEntries(dependencies(40, 'deps').map((p) => [p.name, `^${p.version}`]));
  const pkg = { name: 'sample-app', version: '1.0.0', main: 'server.js', dependencies: deps };
  return withParents([
    file('app/package.json', `${JSON.stringify(pkg, null, 2)}\n`),
    file('app/package-lock.json', `${JSON.stringify({ name: 'sample-app', lockfileVersion: 3, packages: {} }, null, 2)}\n`),
  ]);
}

function appSourceLayer(version: string): EntrySpec[] {
  const sources = ['server.js', 'README.md', '.dockerignore', 'config/default.json', 'public/index.html', 'public/app.css'];
  for (const area of ['routes', 'lib', 'models']) for (const name of ['index', 'users', 'orders', 'health', 'auth']) sources.push(`src/${area}/${name}.js`);
  if (version === '1.2') sources.push('src/routes/metrics.js');
  return withParents(sources.map((path, i) => file(`app/${path}`, text(`sample-app ${version} ${path}`, 400 + ((i * 977) % 4_000)))));
}

function appSpec(version: string): ImageSpec {
  return {
    env: [PATH_ENV, 'NODE_ENV=production'],
    cmd: ['node', 'server.js'],
    history: [
      { createdBy: 'ADD rootfs.tar / # buildkit' },
      { createdBy: 'WORKDIR /app', emptyLayer: true },
      { createdBy: 'COPY package*.json /app/ # buildkit' },
      { createdBy: 'ENV NODE_ENV=production', emptyLayer: true },
      { createdBy: 'RUN /bin/sh -c npm ci # buildkit' },
      { createdBy: 'COPY . /app # buildkit' },
      { createdBy: 'CMD ["node","server.js"]', emptyLayer: true },
    ],
    layers: [baseLayer(), packageLayer(), nodeModulesLayer(version), appSourceLayer(version)].map((entries) => ({ entries })),
  };
}

// ---------------------------------------------------------------- the wasteful image

function aptLists(): EntrySpec[] {
  const names: string[] = [];
  for (const host of ['deb.debian.org_debian', 'security.debian.org_debian-security'])
    for (const suite of ['bookworm', 'bookworm-updates', 'bookworm-backports', 'bookworm-proposed'])
      for (const part of ['main_binary-amd64_Packages', 'contrib_binary-amd64_Packages', 'non-free_binary-amd64_Packages', 'main_i18n_Translation-en', 'InRelease'])
        names.push(`var/lib/apt/lists/${host}_dists_${suite}_${part}`);
  return [...names.map((path, i): EntrySpec => ({ type: 'file', path, size: 12_000 + ((i * 7_919) % 28_000) })), file('var/lib/apt/lists/lock', '')];
}

function appFiles(dataSeed: string, mode?: number): EntrySpec[] {
  return [
    file('app/server.js', text('wasteful server', 3_000), mode),
    file('app/package.json', '{ "name": "wasteful", "version": "1.0.0" }\n', mode),
    file('app/lib/util.js', text('wasteful util', 1_500), mode),
    file('app/data.json', fillerBytes(dataSeed, 500 * 1024), mode),
  ];
}

function wastefulSpec(): ImageSpec {
  const layer = (createdBy: string, entries: EntrySpec[]) => ({ createdBy, entries: withParents(entries) });
  return {
    env: [PATH_ENV],
    cmd: ['node', '/app/server.js'],
    layers: [
      layer('ADD rootfs.tar /', baseLayer()),
      layer('RUN apt-get update && curl -o /tmp/big.bin https://example.com/big.bin', [
        { type: 'dir', path: 'tmp', mode: 0o1777 },
        { type: 'file', path: 'tmp/big.bin', size: 2 * 1024 * 1024 },
        ...aptLists(),
      ]),
      layer('COPY . /app', appFiles('data.json v1')),
      layer('RUN rm /tmp/big.bin', [{ type: 'dir', path: 'tmp', mode: 0o1777 }, { type: 'whiteout', path: 'tmp/big.bin' }]),
      layer('RUN node scripts/refresh-data.js', [{ type: 'dir', path: 'app' }, file('app/data.json', fillerBytes('data.json v2', 500 * 1024))]),
      layer('RUN chmod -R 755 /app', [{ type: 'dir', path: 'app', mode: 0o755 }, ...appFiles('data.json v2', 0o755)]),
    ],
  };
}

// ---------------------------------------------------------------- write and report

function describeImage(image: BuiltImage): string {
  const files = image.layers.map((l) => l.tar.length).reduce((a, b) => a + b, 0);
  return `${image.layers.length} layers, ${(files / 1e6).toFixed(1)} MB of layer tars, manifest ${image.manifestDigest.slice(0, 19)}`;
}

function main(): void {
  const wrote: Array<[string, string]> = [];
  const versions = ['1.0', '1.1', '1.2'];
  const apps = versions.map((v) => buildImage(appSpec(v)));
  apps.forEach((image, i) => {
    const path = join(OUT, `app-${versions[i]}.tar`);
    writeDockerArchive(path, [{ image, tags: [`app:${versions[i]}`] }], { format: 'oci', gzip: true });
    wrote.push([path, `docker-archive (Docker 25+ OCI shape, gzipped), app:${versions[i]}: ${describeImage(image)}`]);
  });
  const layout = join(OUT, 'app-oci');
  rmSync(layout, { recursive: true, force: true });
  writeOciLayout(layout, apps.map((image, i) => ({ image, tag: versions[i] })));
  wrote.push([layout, `OCI layout, tags ${versions.join(', ')} (gzip layers, shared blobs once)`]);
  const wasteful = buildImage(wastefulSpec());
  const wastefulPath = join(OUT, 'wasteful.tar');
  writeDockerArchive(wastefulPath, [{ image: wasteful, tags: ['wasteful:latest'] }], { format: 'legacy' });
  wrote.push([wastefulPath, `docker-archive (legacy shape), wasteful:latest: ${describeImage(wasteful)}`]);
  for (const [path, what] of wrote) {
    const size = statSync(path).isDirectory() ? '' : ` ${(statSync(path).size / 1e6).toFixed(2)} MB`;
    console.log(`${path.slice(OUT.length + 1)}${size}\n  ${what}`);
  }
}

main();

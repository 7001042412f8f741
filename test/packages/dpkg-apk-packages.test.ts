// Debian and Alpine packages from a package database the test writes, scanned for real.
import { describe, expect, it } from 'vitest';
import { dir, figures, file, instance, packagesOf, text } from './helpers.js';

const STATUS = [
  'Package: base-files',
  'Status: install ok installed',
  'Installed-Size: 300',
  'Architecture: amd64',
  'Version: 12.4',
  'Description: Debian base system',
  ' miscellaneous files',
  '',
  'Package: libc6',
  'Status: install ok installed',
  'Multi-Arch: same',
  'Architecture: amd64',
  'Version: 2.36-9',
  'Installed-Size: 12000',
  '',
  'Package: old-tool',
  'Status: deinstall ok config-files',
  'Version: 1.0',
  '',
  'Package: no-list',
  'Status: install ok installed',
  'Version: 2.0',
  '',
].join('\n');

const LISTS = {
  'base-files': ['/.', '/etc', '/etc/os-release', '/usr', '/usr/bin', '/usr/share/doc/base-files/copyright'],
  // Merged /usr: the list says /lib/…, the files are under /usr/lib (/lib is a symlink).
  'libc6:amd64': ['/.', '/usr', '/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu/libc.so.6', '/usr/bin', '/usr/bin/ldd'],
  'old-tool': ['/.', '/usr/bin/old-tool'],
};

const DEBIAN = [
  dir('etc'),
  file('etc/os-release', 100),
  dir('usr'),
  dir('usr/bin'),
  file('usr/bin/ldd', 200),
  file('usr/bin/old-tool', 70),
  dir('usr/lib/x86_64-linux-gnu'),
  file('usr/lib/x86_64-linux-gnu/libc.so.6', 5000),
  { type: 'symlink' as const, path: 'lib', target: 'usr/lib' },
  file('usr/share/doc/base-files/copyright', 50),
  dir('var/lib/dpkg/info'),
  text('var/lib/dpkg/status', STATUS),
  ...Object.entries(LISTS).map(([name, paths]) => text(`var/lib/dpkg/info/${name}.list`, `${paths.join('\n')}\n`)),
];

describe('dpkg', () => {
  it('lists installed packages with their own files, Multi-Arch names and Installed-Size', async () => {
    const { report } = await packagesOf([DEBIAN, [file('usr/bin/ldd', 210)]]);
    const db = '/var/lib/dpkg/status';
    expect(report.packages.map((p) => [p.ecosystem, p.name, p.version, p.path, p.declaredBytes])).toEqual([
      ['deb', 'libc6:amd64', '2.36-9', db, 12000 * 1024],
      ['deb', 'base-files', '12.4', db, 300 * 1024],
      ['deb', 'no-list', '2.0', db, undefined],
    ]);
    // libc6: /usr/lib/x86_64-linux-gnu (listed as /lib/…), libc.so.6, ldd; /usr and /usr/bin are listed twice: nobody's.
    expect(figures(instance(report, db, 'libc6:amd64'))).toEqual({
      bytes: 5210,
      files: 2,
      inodes: 3,
      addedIn: 1,
      changedIn: [2],
    });
    expect(figures(instance(report, db, 'base-files'))).toEqual({
      bytes: 150,
      files: 2,
      inodes: 3,
      addedIn: 1,
      changedIn: [],
    });
    expect(report.notes).toEqual([
      'Debian packages without a file list the scan kept (their files are unclaimed): no-list',
    ]);
  });

  it('reads distroless status.d files and their md5sums lists', async () => {
    const { report } = await packagesOf([
      [
        dir('var/lib/dpkg/status.d'),
        text('var/lib/dpkg/status.d/tzdata', 'Package: tzdata\nVersion: 2024a\nInstalled-Size: 2\n'),
        text('var/lib/dpkg/status.d/tzdata.md5sums', '0123abcd  usr/share/zoneinfo/UTC\n'),
        file('usr/share/zoneinfo/UTC', 114),
      ],
    ]);
    expect(report.packages.map((p) => [p.name, p.version, p.path, p.bytes, p.files, p.declaredBytes])).toEqual([
      ['tzdata', '2024a', '/var/lib/dpkg/status.d/tzdata', 114, 1, 2048],
    ]);
  });
});

const APK = [
  'C:Q1abc=',
  'P:musl',
  'V:1.2.4-r2',
  'A:x86_64',
  'I:622592',
  'F:lib',
  'R:ld-musl-x86_64.so.1',
  'R:libc.musl-x86_64.so.1',
  '',
  'P:busybox',
  'V:1.36.1-r5',
  'I:950272',
  'F:bin',
  'R:busybox',
  'F:lib',
  'F:etc',
  'R:securetty',
  '',
].join('\n');

describe('apk', () => {
  it('lists packages from lib/apk/db/installed with their files and installed size', async () => {
    const { report } = await packagesOf([
      [
        dir('lib'),
        file('lib/ld-musl-x86_64.so.1', 600),
        { type: 'symlink', path: 'lib/libc.musl-x86_64.so.1', target: 'ld-musl-x86_64.so.1' },
        dir('bin'),
        file('bin/busybox', 900),
        dir('etc'),
        file('etc/securetty', 30),
        dir('lib/apk/db'),
        text('lib/apk/db/installed', APK),
      ],
    ]);
    const db = '/lib/apk/db/installed';
    expect(report.packages.map((p) => [p.ecosystem, p.name, p.version, p.declaredBytes])).toEqual([
      ['apk', 'busybox', '1.36.1-r5', 950272],
      ['apk', 'musl', '1.2.4-r2', 622592],
    ]);
    // busybox: /bin, /etc, their files; /lib is listed by both.
    expect(figures(instance(report, db, 'busybox'))).toEqual({
      bytes: 930,
      files: 2,
      inodes: 4,
      addedIn: 1,
      changedIn: [],
    });
    expect(figures(instance(report, db, 'musl'))).toEqual({
      bytes: 600,
      files: 1,
      inodes: 2,
      addedIn: 1,
      changedIn: [],
    });
    expect(report.totals).toEqual([{ ecosystem: 'apk', packages: 2, bytes: 1530, files: 3, inodes: 6 }]);
  });
});

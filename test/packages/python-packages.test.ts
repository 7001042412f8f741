// Python distributions (.dist-info with RECORD, .egg-info with installed-files.txt), scanned for real.
import { describe, expect, it } from 'vitest';
import { dir, figures, file, instance, packagesOf, text } from './helpers.js';

const SP = 'usr/lib/python3.11/site-packages';
const REQUESTS_RECORD = [
  'requests/__init__.py,sha256=abc,100',
  'requests/api.py,sha256=def,200',
  '"requests/__pycache__/api.cpython-311.pyc",,',
  'requests-2.31.0.dist-info/METADATA,sha256=ghi,40',
  'requests-2.31.0.dist-info/RECORD,,',
  '../../../bin/normalizer,sha256=jkl,30',
].join('\n');

describe('Python', () => {
  it('attributes RECORD files, the directories only one package needs, and the dist-info', async () => {
    const { report } = await packagesOf([
      [
        dir(SP),
        dir(`${SP}/requests`),
        file(`${SP}/requests/__init__.py`, 100),
        file(`${SP}/requests/api.py`, 200),
        dir(`${SP}/requests/__pycache__`),
        file(`${SP}/requests/__pycache__/api.cpython-311.pyc`, 150),
        dir(`${SP}/requests-2.31.0.dist-info`),
        file(`${SP}/requests-2.31.0.dist-info/METADATA`, 40),
        text(`${SP}/requests-2.31.0.dist-info/RECORD`, REQUESTS_RECORD),
        file('usr/bin/normalizer', 30),
        // A namespace package: google/ is needed by two distributions, so it is nobody's.
        file(`${SP}/google/protobuf/__init__.py`, 500),
        file(`${SP}/google/api/__init__.py`, 300),
        text(`${SP}/protobuf-4.25.0.dist-info/RECORD`, 'google/protobuf/__init__.py,,\n'),
        text(`${SP}/googleapis_common_protos-1.62.0.dist-info/RECORD`, 'google/api/__init__.py,,\n'),
        // A dist-info without RECORD (as Debian ships them) is no Python package: dpkg lists its files.
        file(`${SP}/distro-1.8.0.dist-info/METADATA`, 10),
        // An egg-info: paths relative to it, name and version from PKG-INFO.
        dir(`${SP}/six-1.16.0-py3.11.egg-info`),
        text(`${SP}/six-1.16.0-py3.11.egg-info/PKG-INFO`, 'Metadata-Version: 1.1\nName: six\nVersion: 1.16.0\n'),
        text(`${SP}/six-1.16.0-py3.11.egg-info/installed-files.txt`, '../six.py\nPKG-INFO\ninstalled-files.txt\n./\n'),
        file(`${SP}/six.py`, 900),
      ],
      [file(`${SP}/requests/api.py`, 220)],
    ]);
    expect(report.packages.map((p) => [p.ecosystem, p.name, p.version, p.path])).toEqual([
      ['python', 'six', '1.16.0', `/${SP}/six-1.16.0-py3.11.egg-info`],
      ['python', 'requests', '2.31.0', `/${SP}/requests-2.31.0.dist-info`],
      ['python', 'protobuf', '4.25.0', `/${SP}/protobuf-4.25.0.dist-info`],
      ['python', 'googleapis_common_protos', '1.62.0', `/${SP}/googleapis_common_protos-1.62.0.dist-info`],
    ]);
    // requests: requests/, 3 files, __pycache__/, the dist-info, METADATA, RECORD, /usr/bin/normalizer.
    const record = Buffer.byteLength(REQUESTS_RECORD);
    expect(figures(instance(report, `/${SP}/requests-2.31.0.dist-info`))).toEqual({
      bytes: 100 + 220 + 150 + 40 + record + 30,
      files: 6,
      inodes: 9,
      addedIn: 1,
      changedIn: [2],
    });
    // protobuf: its file and RECORD; google/protobuf/ and the dist-info have no entry of their own (implied parents).
    expect(instance(report, `/${SP}/protobuf-4.25.0.dist-info`)).toMatchObject({ files: 2, inodes: 2 });
    expect(instance(report, `/${SP}/six-1.16.0-py3.11.egg-info`)).toMatchObject({ files: 3, inodes: 4 });
  });
});

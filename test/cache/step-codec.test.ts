/** The on-disk form of a comparison step: a round trip keeps every value; anything damaged or foreign is refused. */
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeStep, encodeStep, STEP_FORMAT_VERSION, type CachedStep } from '../../src/cli/steps/step-codec.js';

const totals = (size: number) => ({
  size,
  tarSize: size + 1024,
  gzipEstimate: size / 3,
  inodes: 3,
  counts: { files: 2 },
});
const tally = (files: number) => ({ files, dirs: 0, bytes: files * 10, inodes: files });

const step: CachedStep = {
  a: [totals(1000), totals(300)],
  b: [totals(1000), totals(350)],
  content: {
    files: {
      contentCompared: true,
      net: { bytes: 50, inodes: 0 },
      added: tally(0),
      removed: tally(0),
      modified: tally(1),
      topDirectories: { byBytes: [{ path: '/app', bytesDelta: 50, inodesDelta: 0 }], byInodes: [] },
      largestChanges: [
        {
          path: '/app/main.js',
          change: 'modified',
          type: 'file',
          bytesBefore: 300,
          bytesAfter: 350,
          bytesDelta: 50,
          inodesDelta: 0,
          reasons: ['size'],
        },
      ],
    },
    churn: [
      {
        layer: 2,
        createdBy: 'COPY . /app',
        status: 'new',
        layerOfA: null,
        files: 2,
        bytes: 350,
        unchangedFiles: 1,
        unchangedBytes: 1 / 3,
        unchangedRatio: 0.1 + 0.2,
        finding: { kind: 'unchanged-files', label: 'files', path: '/app', fix: '…' },
      },
    ],
    packages: {
      added: { packages: 0, bytes: 0, inodes: 0 },
      removed: { packages: 1, bytes: -40, inodes: -2 },
      changed: { packages: 1, bytes: 90, inodes: 1, versionChanged: 1 },
      net: { bytes: 50, inodes: -1 },
      largestAdded: [],
      largestRemoved: [
        {
          change: 'removed',
          ecosystem: 'python',
          name: 'six',
          path: '/usr/lib/python3/dist-packages/six-1.16.0.dist-info',
          versionBefore: '1.16.0',
          versionAfter: null,
          bytesBefore: 40,
          bytesAfter: null,
          bytesDelta: -40,
          inodesBefore: 2,
          inodesAfter: null,
          inodesDelta: -2,
        },
      ],
      largestChanged: [
        {
          change: 'changed',
          ecosystem: 'npm',
          name: 'left',
          path: '/app/node_modules/left',
          versionBefore: '',
          versionAfter: '1.0.1',
          bytesBefore: 210,
          bytesAfter: 300,
          bytesDelta: 90,
          inodesBefore: 3,
          inodesAfter: 4,
          inodesDelta: 1,
        },
      ],
    },
  },
};
const KEY = 'a'.repeat(64);

/** Re-encodes the document after `edit`, as a file written by something else would be. */
function edited(edit: (doc: Record<string, any>) => void): Buffer {
  const doc = JSON.parse(gunzipSync(encodeStep(KEY, step)).toString('utf8'));
  edit(doc);
  return gzipSync(Buffer.from(JSON.stringify(doc)));
}

describe('step codec', () => {
  it('round-trips a step exactly (floats included), and without churn', () => {
    expect(decodeStep(encodeStep(KEY, step), KEY, 2, 2)).toEqual(step);
    const noChurn = { ...step, content: { ...step.content, churn: null } };
    expect(decodeStep(encodeStep(KEY, noChurn), KEY, 2, 2)).toEqual(noChurn);
  });

  it('refuses another key, format version or layer count', () => {
    const bytes = encodeStep(KEY, step);
    expect(decodeStep(bytes, 'c'.repeat(64), 2, 2)).toBeUndefined();
    expect(decodeStep(bytes, KEY, 3, 2)).toBeUndefined();
    expect(decodeStep(bytes, KEY, 2, 1)).toBeUndefined();
    expect(
      decodeStep(
        edited((d) => (d.formatVersion = STEP_FORMAT_VERSION + 1)),
        KEY,
        2,
        2,
      ),
    ).toBeUndefined();
  });

  it('refuses damaged bytes', () => {
    const bytes = encodeStep(KEY, step);
    expect(decodeStep(bytes.subarray(0, bytes.length - 9), KEY, 2, 2)).toBeUndefined();
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)] ^= 0xff;
    expect(decodeStep(flipped, KEY, 2, 2)).toBeUndefined();
    expect(decodeStep(Buffer.from('damaged'), KEY, 2, 2)).toBeUndefined();
    expect(decodeStep(gzipSync(Buffer.from('{"formatVersion": 1,')), KEY, 2, 2)).toBeUndefined();
    expect(decodeStep(gzipSync(Buffer.from('[]')), KEY, 2, 2)).toBeUndefined();
  });

  it('refuses a document of the wrong shape anywhere', () => {
    const broken: Array<(d: Record<string, any>) => void> = [
      (d) => delete d.files,
      (d) => (d.a[1].tarSize = null),
      (d) => delete d.b[0].counts,
      (d) => (d.files.net.bytes = '50'),
      (d) => (d.files.modified = null),
      (d) => (d.files.topDirectories.byBytes[0].path = 7),
      (d) => (d.files.largestChanges[0].reasons = ['colour']),
      (d) => (d.files.largestChanges[0].bytesAfter = undefined),
      (d) => (d.churn = {}),
      (d) => (d.churn[0].status = 'shared'),
      (d) => (d.churn[0].finding = { kind: 'rebuilt' }),
      (d) => delete d.packages,
      (d) => delete d.packages.changed.versionChanged,
      (d) => (d.packages.net.inodes = null),
      (d) => (d.packages.largestAdded = null),
      (d) => (d.packages.largestRemoved[0].ecosystem = 'gem'),
      (d) => (d.packages.largestChanged[0].versionBefore = 1),
      (d) => delete d.packages.largestChanged[0].inodesAfter,
    ];
    for (const edit of broken) expect(decodeStep(edited(edit), KEY, 2, 2)).toBeUndefined();
    expect(
      decodeStep(
        edited(() => {}),
        KEY,
        2,
        2,
      ),
    ).toEqual(step);
  });
});

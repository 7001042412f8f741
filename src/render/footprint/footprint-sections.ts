/**
 * The footprint report as sections of plain cells — a heading, a table, notes — which the
 * text and markdown renderers lay out each their own way. No styling here.
 */
import type { DeploySimulation } from '../../analysis/footprint/footprint-deploy.js';
import type { HostFit } from '../../analysis/footprint/footprint-fit.js';
import type { FootprintReport } from '../../analysis/footprint/footprint-report.js';
import type { Cost } from '../../analysis/footprint/footprint-tree.js';
import { countOf, formatBytes, formatCount, shortDigest } from '../common/format.js';
import type { Align } from '../common/plain-table.js';

export interface Section {
  title: string;
  head: string[];
  aligns: Align[];
  rows: string[][];
  /** Rows set apart at the end (totals). */
  footer: string[][];
  notes: string[];
  /** Text columns that may be cut with … on a narrow terminal, and columns that may be left out (first first). */
  shorten: number[];
  drop: number[];
}

const STORE_NAMES = {
  overlay2: 'overlay2 (classic dockerd image store)',
  containerd: 'containerd image store (Docker 29 default)',
};

export function modelLine(report: FootprintReport): string {
  const m = report.model;
  const arrival = m.pulled ? 'pulled from a registry' : 'loaded with docker load';
  return `Store: ${STORE_NAMES[m.store]}; ${formatCount(m.blockSize)}-byte blocks; images ${arrival}.`;
}

const bytesAndInodes = (c: Cost): string[] => [formatBytes(c.bytes), formatCount(c.inodes)];

export function imagesSection(report: FootprintReport): Section {
  const rows = report.images.map((im, i) => [
    String(i + 1),
    im.image.reference,
    String(im.image.layers),
    formatBytes(im.total.bytes),
    formatBytes(im.shared.bytes),
    formatBytes(im.unique.bytes),
    formatCount(im.total.inodes),
    formatCount(im.shared.inodes),
    formatCount(im.unique.inodes),
  ]);
  const n = report.images.length;
  const footer = [
    [
      '',
      n === 1 ? 'on the host' : `all ${n} on one host`,
      String(report.layers.length),
      formatBytes(report.total.bytes),
      '',
      '',
      formatCount(report.total.inodes),
      '',
      '',
    ],
  ];
  return {
    title: 'Images',
    head: ['#', 'IMAGE', 'LAYERS', 'DISK', 'SHARED', 'UNIQUE', 'INODES', 'SHARED', 'UNIQUE'],
    aligns: ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    rows,
    footer,
    shorten: [1],
    drop: [8, 7, 5, 4],
    notes: [
      'SHARED: also needed by another image listed; UNIQUE: only by this one (what removing it frees). The last row counts every layer once (by chain ID).',
    ],
  };
}

export function layersSection(report: FootprintReport): Section {
  const blobs = report.model.store === 'containerd';
  const rows = report.layers.map((l) => [
    String(l.layer),
    shortDigest(l.chainID),
    shortDigest(l.diffID),
    l.usedBy.join(','),
    formatBytes(l.tree.bytes),
    formatBytes(l.bookkeeping.bytes),
    ...(blobs ? [formatBytes(l.blob.bytes)] : []),
    ...bytesAndInodes(l.total),
    l.sameDiffIDAs === null ? '' : `diffID of #${l.sameDiffIDAs} on another parent: stored again`,
  ]);
  const filler = blobs ? ['', '', ''] : ['', ''];
  const footer = [
    ['', blobs ? 'configs, manifests' : 'image configs', '', '', ...filler, ...bytesAndInodes(report.imageFiles), ''],
    ['', 'total', '', '', ...filler, ...bytesAndInodes(report.total), ''],
  ];
  return {
    title: `Layers (${report.layers.length} stored, one per chain ID)`,
    head: [
      '#',
      'CHAIN ID',
      'DIFF ID',
      'IMAGES',
      'TREE',
      'BOOKKEEPING',
      ...(blobs ? ['BLOB'] : []),
      'DISK',
      'INODES',
      'NOTE',
    ],
    aligns: [
      'right',
      'left',
      'left',
      'left',
      'right',
      'right',
      ...(blobs ? ['right' as Align] : []),
      'right',
      'right',
      'left',
    ],
    rows,
    footer,
    shorten: [3, blobs ? 10 : 9],
    drop: [2, 5],
    notes: [
      blobs
        ? 'TREE: the unpacked snapshot (fs/); BOOKKEEPING: the snapshot and work directories; BLOB: the layer blob in the content store (counted once per digest).'
        : 'TREE: the unpacked layer (diff/); BOOKKEEPING: overlay2/<id>/ with link, lower, work/ and committed, the l/ symlink, and layerdb/<chain ID>/ with tar-split.json.gz.',
    ],
  };
}

export function deploySection(report: FootprintReport, deploy: DeploySimulation): Section {
  const label = (n: number) => report.images[n - 1].image.reference;
  const rows = deploy.steps.map((s) => [
    String(s.deployed),
    label(s.deployed),
    formatBytes(s.added.bytes),
    formatCount(s.added.inodes),
    s.removed.length === 0 ? '' : s.removed.map(label).join(', '),
    s.removed.length === 0 ? '' : formatBytes(s.freed.bytes),
    s.removed.length === 0 ? '' : formatCount(s.freed.inodes),
    ...bytesAndInodes(s.after),
  ]);
  const p = deploy.peak;
  const peakAt =
    p.bytesStep === p.inodesStep ? `at step ${p.bytesStep}` : `at steps ${p.bytesStep} and ${p.inodesStep}`;
  return {
    title: `Rolling deploy, keeping the last ${deploy.keep}`,
    head: ['STEP', 'DEPLOYED', 'ADDED', 'INODES', 'REMOVED', 'FREED', 'INODES', 'ON HOST AFTER', 'INODES'],
    aligns: ['right', 'left', 'right', 'right', 'left', 'right', 'right', 'right', 'right'],
    rows,
    footer: [],
    shorten: [1, 4],
    drop: [6, 3, 5],
    notes: [
      `Peak: ${formatBytes(p.bytes)} and ${countOf(p.inodes, 'inode')} ${peakAt} — the new version pulled, the oldest not yet removed.`,
    ],
  };
}

/** The tables in print order: images, layers, and the rolling deploy when there is one. */
export function footprintSections(report: FootprintReport): Section[] {
  const out = [imagesSection(report), layersSection(report)];
  if (report.deploy) out.push(deploySection(report, report.deploy));
  return out;
}

export function hostLines(report: FootprintReport, fit: HostFit): string[] {
  const h = fit.host;
  const inodes =
    h.freeInodes === null ? 'inodes not limited (no fixed inode table)' : `${countOf(h.freeInodes, 'inode')}`;
  const last = report.images[fit.modelledOn - 1].image.reference;
  const against =
    fit.comparedWith === null
      ? 'the whole image: nothing to share with'
      : `its layers not shared with ${report.images[fit.comparedWith - 1].image.reference}`;
  const lines = [
    `Free on the file system of ${h.path}: ${formatBytes(h.freeBytes)}, ${inodes} (statfs, ${formatCount(h.blockSize)}-byte blocks).`,
    `Each more release like ${last} adds ${formatBytes(fit.perRelease.bytes)} and ${countOf(fit.perRelease.inodes, 'inode')} (${against}).`,
  ];
  lines.push(fitVerdict(fit));
  return lines;
}

function fitVerdict(fit: HostFit): string {
  const n = (v: number | null) => (v === null ? 'no limit' : formatCount(v));
  switch (fit.limitedBy) {
    case 'none':
      return 'Such a release adds nothing: any number fits.';
    case 'disk':
      return `${formatCount(fit.releases)} more fit: disk runs out first (inodes would allow ${n(fit.byInodes)}).`;
    case 'inodes':
      return `${formatCount(fit.releases)} more fit: inodes run out first (disk would allow ${n(fit.byDisk)}).`;
    case 'both':
      return `${formatCount(fit.releases)} more fit: disk and inodes run out together.`;
  }
}

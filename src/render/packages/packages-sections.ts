/**
 * The package report as sections of plain cells — totals per ecosystem, the packages, the
 * duplicates, what no package claims — shared by the text and markdown renderers, so both
 * say the same. Cells are plain strings; the renderers style and escape them.
 */
import type { PackageInstance, PackageReport } from '../../analysis/packages/package-model.js';
import { formatBytes, formatCount } from '../common/format.js';

export interface PackageSection {
  title: string;
  head: string[];
  aligns: Array<'left' | 'right'>;
  rows: string[][];
  footer: string[][];
  /** The columns that may be cut with … to fit (names, versions, paths). */
  shorten: number[];
}

export interface SectionOptions {
  /** Packages listed (largest first); the rest are counted in a line under the table. */
  top: number;
}

const ECOSYSTEM_NAMES: Record<string, string> = { npm: 'npm', deb: 'dpkg', apk: 'apk', python: 'Python' };

const layers = (p: PackageInstance) => [String(p.addedIn), ...p.changedIn.map(String)].join(', ');

export function packageSections(report: PackageReport, opts: SectionOptions): PackageSection[] {
  const sections: PackageSection[] = [];
  const claimed = report.totals.reduce(
    (a, t) => ({ bytes: a.bytes + t.bytes, files: a.files + t.files, inodes: a.inodes + t.inodes }),
    { bytes: 0, files: 0, inodes: 0 },
  );
  sections.push({
    title: 'Packages by ecosystem',
    head: ['ECOSYSTEM', 'PACKAGES', 'SIZE', 'FILES', 'INODES'],
    aligns: ['left', 'right', 'right', 'right', 'right'],
    rows: [
      ...report.totals.map((t) => [
        ECOSYSTEM_NAMES[t.ecosystem] ?? t.ecosystem,
        formatCount(t.packages),
        formatBytes(t.bytes),
        formatCount(t.files),
        formatCount(t.inodes),
      ]),
      [
        'no package',
        '',
        formatBytes(report.unclaimed.bytes),
        formatCount(report.unclaimed.files),
        formatCount(report.unclaimed.inodes),
      ],
    ],
    footer: [
      [
        'total',
        formatCount(report.packages.length),
        formatBytes(claimed.bytes + report.unclaimed.bytes),
        formatCount(claimed.files + report.unclaimed.files),
        formatCount(claimed.inodes + report.unclaimed.inodes),
      ],
    ],
    shorten: [],
  });
  const shown = report.packages.slice(0, opts.top);
  if (shown.length > 0)
    sections.push({
      title:
        shown.length < report.packages.length
          ? `Largest ${formatCount(shown.length)} of ${formatCount(report.packages.length)} packages`
          : `Packages (${formatCount(report.packages.length)})`,
      head: ['ECOSYSTEM', 'NAME', 'VERSION', 'SIZE', 'FILES', 'INODES', 'LAYERS', 'PATH'],
      aligns: ['left', 'left', 'left', 'right', 'right', 'right', 'left', 'left'],
      rows: shown.map((p) => [
        ECOSYSTEM_NAMES[p.ecosystem] ?? p.ecosystem,
        p.dev ? `${p.name} (dev)` : p.name,
        p.version || '?',
        formatBytes(p.bytes),
        formatCount(p.files),
        formatCount(p.inodes),
        layers(p),
        p.path,
      ]),
      footer: [],
      shorten: [1, 2, 7],
    });
  if (report.duplicates.length > 0)
    sections.push({
      title: `Shipped more than once (${formatCount(report.duplicates.length)})`,
      head: ['ECOSYSTEM', 'NAME', 'COPIES', 'VERSIONS', 'EXTRA'],
      aligns: ['left', 'left', 'right', 'left', 'right'],
      rows: report.duplicates
        .slice(0, opts.top)
        .map((d) => [
          ECOSYSTEM_NAMES[d.ecosystem] ?? d.ecosystem,
          d.name,
          formatCount(d.instances),
          d.versions.map((v) => v || '?').join(', '),
          formatBytes(d.extraBytes),
        ]),
      footer: [],
      shorten: [1, 3],
    });
  return sections;
}

/** The line under the packages table when not all are listed. */
export function moreLine(report: PackageReport, top: number): string | undefined {
  const rest = report.packages.length - top;
  return rest > 0 ? `… and ${formatCount(rest)} more (--top N lists more, --json all)` : undefined;
}

/** The lines that say what layers mean, and what could not be read. */
export function packageNotes(report: PackageReport): string[] {
  return [
    'LAYERS: the layer that added the package, then the layers that changed it. SIZE: regular-file bytes of its own entries.',
    ...report.notes,
  ];
}

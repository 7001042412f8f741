/** Phrases shared by the diff and series renderers (text and markdown). No colour here. */
import type { LayerChurn } from '../../analysis/compare/churn.js';
import type { PullEstimate } from '../../analysis/compare/layer-reuse.js';
import { ESTIMATE_MARK, formatBytes, formatCount, truncate } from '../common/format.js';
import { cleanCreatedBy } from '../../analysis/report/created-by.js';

export function signedBytes(n: number): string {
  return n > 0 ? `+${formatBytes(n)}` : formatBytes(n);
}

export function signedCount(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : formatCount(n);
}

/** A pull size, with "≈" in front when estimated. */
export function pullBytes(bytes: number, estimated: boolean): string {
  return `${estimated ? ESTIMATE_MARK : ''}${formatBytes(bytes)}`;
}

/** How an estimated pull size was found, for a note under the numbers. */
export function pullBasis(pull: PullEstimate): string | null {
  switch (pull.basis) {
    case 'blob':
      return null;
    case 'gzip-estimate':
      return `${ESTIMATE_MARK} estimated: layers stored as plain tars count as docker push sends them, the tar gzipped at level 6, compressed whole up to 4 MiB and in samples above while scanning (±20%)`;
  }
}

export function command(createdBy: string, width = 48): string {
  const clean = cleanCreatedBy(createdBy);
  return clean ? truncate(clean, width) : '(no history)';
}

/** A short name for a reference in tables: the last path component, tag kept. */
export function shortLabel(reference: string): string {
  const slash = reference.lastIndexOf('/');
  const tail = slash >= 0 ? reference.slice(slash + 1) : reference;
  return tail === '' ? reference : tail;
}

/** Short labels, or the references themselves when two short labels would be the same. */
export function versionLabels(references: string[]): string[] {
  const short = references.map(shortLabel);
  return new Set(short).size === short.length ? short : references;
}

/**
 * The finding of a churned layer as one sentence, e.g. "layer 5 `COPY . /app` changed, but
 * 280 MB of its 300 MB is unchanged node_modules (/app/node_modules): copy package*.json …".
 * `code` wraps a command (backticks in text and markdown alike); `text` escapes the paths and
 * advice for the output (markdown: mdText; terminal: as is).
 */
export function churnSentence(
  c: LayerChurn,
  code: (s: string) => string = (s) => `\`${s}\``,
  text: (s: string) => string = (s) => s,
): string | null {
  const found = c.finding;
  if (!found) return null;
  const f = {
    ...found,
    fix: text(found.fix),
    label: text(found.label),
    path: found.path === null ? null : text(found.path),
  };
  const layer = `layer ${c.layer} ${code(command(c.createdBy, 60))}`;
  if (f.kind === 'rebuilt') {
    return `${layer} has the same content as layer ${c.layerOfA} before (${formatBytes(c.bytes)}), yet hosts pull it again: ${f.fix}`;
  }
  if (f.kind === 'dependency-update') {
    return `${layer} re-ran, and ${formatBytes(c.unchangedBytes)} of its ${formatBytes(c.bytes)} are unchanged packages${f.path ? ` in ${f.path}` : ''}: ${f.fix}`;
  }
  if (f.kind === 'base-update') {
    return `${layer}, the base, changed, but ${formatBytes(c.unchangedBytes)} of its ${formatBytes(c.bytes)} is unchanged: ${f.fix}`;
  }
  const what = f.kind === 'unchanged-files' ? `files in ${f.path}` : `${f.label}${f.path ? ` (${f.path})` : ''}`;
  return `${layer} changed, but ${formatBytes(c.unchangedBytes)} of its ${formatBytes(c.bytes)} is unchanged ${what}: ${f.fix}`;
}

/** Every finding of a step; layers rebuilt only because a layer below changed share one sentence. */
export function churnFindings(
  churn: LayerChurn[] | null,
  code: (s: string) => string = (s) => `\`${s}\``,
  text: (s: string) => string = (s) => s,
): string[] {
  const all = (churn ?? []).filter((c) => c.finding !== null);
  const rebuilt = all.filter((c) => c.finding!.kind === 'rebuilt');
  if (rebuilt.length < 2) return all.map((c) => churnSentence(c, code, text)!);
  const bytes = rebuilt.reduce((a, c) => a + c.bytes, 0);
  const layers = rebuilt.map((c) => `${c.layer} ${code(command(c.createdBy, 40))}`).join(', ');
  const grouped = `layers ${layers} have the same content as before (${formatBytes(bytes)}), yet hosts pull them again: ${text(rebuilt[0].finding!.fix)}`;
  const first = all.indexOf(rebuilt[0]);
  const others = all.filter((c) => c.finding!.kind !== 'rebuilt').map((c) => churnSentence(c, code, text)!);
  return [...others.slice(0, first), grouped, ...others.slice(first)];
}

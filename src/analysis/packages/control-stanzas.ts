/**
 * Debian control-file stanzas (RFC 822 style), as in /var/lib/dpkg/status and a Python
 * PKG-INFO: "Field: value" lines, continuation lines starting with a space or tab, stanzas
 * separated by blank lines. Field names are matched without regard to case (kept lower-case
 * here); only a field's first line is kept (no stanza field read here spans lines). Pure.
 */
import { lines } from './metadata-text.js';

export type Stanza = Map<string, string>;

export function parseStanzas(text: string): Stanza[] {
  const out: Stanza[] = [];
  let stanza: Stanza | undefined;
  for (const line of lines(text)) {
    if (line.trim() === '') {
      stanza = undefined;
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (!stanza) out.push((stanza = new Map()));
    const field = line.slice(0, colon).toLowerCase();
    if (!stanza.has(field)) stanza.set(field, line.slice(colon + 1).trim());
  }
  return out;
}

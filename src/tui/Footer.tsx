/** The last line: the keys (from the key table), or the filter being typed and its error. */
import { Text } from 'ink';
import { FOOTER_HINTS } from './keys.js';
import type { Theme } from './layout.js';

export function Footer({ draft, error, width, theme }: { draft: string | null; error: string | null; width: number; theme: Theme }) {
  if (draft !== null) {
    return (
      <Text wrap="truncate">
        <Text bold color={theme.accent}>{'filter (regex): '}</Text>
        {draft}
        <Text inverse> </Text>
        {error ? <Text color={theme.error}>{`  ${error}`}</Text> : <Text dimColor>{'  enter keep · esc clear'}</Text>}
      </Text>
    );
  }
  return (
    <Text wrap="truncate" dimColor>
      {fitHints(width)}
    </Text>
  );
}

/** As many key hints as fit, two spaces apart. */
export function fitHints(width: number): string {
  let out = '';
  for (const hint of FOOTER_HINTS) {
    const next = out ? `${out}  ${hint}` : hint;
    if (next.length > width) break;
    out = next;
  }
  return out;
}

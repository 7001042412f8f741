/** The last line: the keys (from the key table), or the filter being typed and its error. */
import { Text } from 'ink';
import { FOOTER_HINTS } from '../state/keys.js';
import type { Theme } from '../app/layout.js';

export function Footer({
  draft,
  error,
  width,
  theme,
}: {
  draft: string | null;
  error: string | null;
  width: number;
  theme: Theme;
}) {
  if (draft !== null) {
    return (
      <Text wrap="truncate">
        <Text bold color={theme.accent}>
          {'filter (regex): '}
        </Text>
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

/** The hints that always show, whatever the width (60 columns at least). */
const ALWAYS = ['? help', 'q quit'];

/** `? help` and `q quit`, and before them as many other key hints as fit, two spaces apart. */
export function fitHints(width: number): string {
  const tail = ALWAYS.join('  ');
  let out = '';
  for (const hint of FOOTER_HINTS) {
    if (ALWAYS.includes(hint)) continue;
    const next = out ? `${out}  ${hint}` : hint;
    if (`${next}  ${tail}`.length > width) break;
    out = next;
  }
  return out ? `${out}  ${tail}` : tail;
}

/**
 * Every key of `layerscope explore`, as data: the footer, the help overlay and the input
 * handler all read this one table. No React, no ink: a key event is described by the few
 * fields of ink's Key that matter here.
 */

export type Command =
  | 'up'
  | 'down'
  | 'page-up'
  | 'page-down'
  | 'top'
  | 'bottom'
  | 'next-pane'
  | 'prev-pane'
  | 'toggle'
  | 'expand'
  | 'collapse'
  | 'collapse-all'
  | 'expand-all'
  | 'attributes'
  | 'history'
  | 'waste'
  | 'packages'
  | 'filter'
  | 'toggle-added'
  | 'toggle-modified'
  | 'toggle-removed'
  | 'toggle-unmodified'
  | 'sort'
  | 'view'
  | 'help'
  | 'escape'
  | 'quit'
  | 'interrupt';

export interface Binding {
  command: Command;
  /** Key names as keyName() spells them. */
  keys: readonly string[];
  /** How the help overlay writes the keys. */
  label: string;
  help: string;
  /** Shown in the footer (at 80 columns only these fit). Help texts fit in 27 columns. */
  footer?: string;
}

export const BINDINGS: readonly Binding[] = [
  { command: 'up', keys: ['up', 'k'], label: '↑ k', help: 'move up', footer: '↑↓ move' },
  { command: 'down', keys: ['down', 'j'], label: '↓ j', help: 'move down' },
  { command: 'page-up', keys: ['pageup', 'ctrl+b'], label: 'PgUp ^B', help: 'page up' },
  { command: 'page-down', keys: ['pagedown', 'ctrl+f'], label: 'PgDn ^F', help: 'page down' },
  { command: 'top', keys: ['home', 'g'], label: 'Home g', help: 'first row' },
  { command: 'bottom', keys: ['end', 'G'], label: 'End G', help: 'last row' },
  { command: 'next-pane', keys: ['tab'], label: 'tab', help: 'next pane', footer: 'tab pane' },
  { command: 'prev-pane', keys: ['shift+tab'], label: 'shift+tab', help: 'previous pane' },
  {
    command: 'toggle',
    keys: ['enter', 'space'],
    label: 'enter space',
    help: 'open / close a directory',
    footer: '⏎ open',
  },
  { command: 'expand', keys: ['right', 'l'], label: '→ l', help: 'open a directory' },
  { command: 'collapse', keys: ['left', 'h'], label: '← h', help: 'close, or go to the parent' },
  { command: 'collapse-all', keys: ['c'], label: 'c', help: 'close all directories' },
  { command: 'expand-all', keys: ['e'], label: 'e', help: 'open all directories' },
  { command: 'attributes', keys: ['i'], label: 'i', help: 'attributes: mode, uid:gid' },
  { command: 'history', keys: ['p'], label: 'p', help: 'layers that touched the row' },
  { command: 'waste', keys: ['w'], label: 'w', help: 'waste: dive / reclaimable' },
  { command: 'packages', keys: ['P'], label: 'P', help: 'packages (enter: its files)' },
  { command: 'filter', keys: ['/'], label: '/', help: 'filter: regex >1MB inodes>N', footer: '/ filter' },
  { command: 'toggle-added', keys: ['a'], label: 'a', help: 'show / hide added (+)', footer: 'amru show' },
  { command: 'toggle-modified', keys: ['m'], label: 'm', help: 'show / hide modified (~)' },
  { command: 'toggle-removed', keys: ['r'], label: 'r', help: 'show / hide removed (-)' },
  { command: 'toggle-unmodified', keys: ['u'], label: 'u', help: 'show / hide unmodified' },
  { command: 'sort', keys: ['s'], label: 's', help: 'sort by name, size, inodes', footer: 's sort' },
  { command: 'view', keys: ['v'], label: 'v', help: 'layer changes / merged fs', footer: 'v view' },
  { command: 'help', keys: ['?'], label: '?', help: 'this help', footer: '? help' },
  { command: 'escape', keys: ['escape'], label: 'esc', help: 'close help, clear filter' },
  { command: 'quit', keys: ['q'], label: 'q', help: 'quit (exit 0)', footer: 'q quit' },
  { command: 'interrupt', keys: ['ctrl+c'], label: '^C', help: 'interrupt (exit 130)' },
];

const BY_KEY = new Map<string, Command>(BINDINGS.flatMap((b) => b.keys.map((k) => [k, b.command] as const)));

/** The fields of ink's Key this module reads. */
export interface KeyFlags {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  shift?: boolean;
  ctrl?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

const NAMED: Array<[keyof KeyFlags, string]> = [
  ['upArrow', 'up'],
  ['downArrow', 'down'],
  ['leftArrow', 'left'],
  ['rightArrow', 'right'],
  ['pageUp', 'pageup'],
  ['pageDown', 'pagedown'],
  ['home', 'home'],
  ['end', 'end'],
  ['return', 'enter'],
  ['escape', 'escape'],
  ['backspace', 'backspace'],
  ['delete', 'backspace'],
];

/** One name per key press: 'up', 'enter', 'shift+tab', 'ctrl+c', 'space', or the character typed. */
export function keyName(input: string, key: KeyFlags): string {
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  for (const [flag, name] of NAMED) if (key[flag]) return name;
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input;
}

export function commandFor(input: string, key: KeyFlags): Command | undefined {
  return BY_KEY.get(keyName(input, key));
}

/** What a key does while the filter line is being edited. */
export type FilterEdit =
  | { kind: 'type'; text: string }
  | { kind: 'backspace' }
  | { kind: 'commit' }
  | { kind: 'cancel' }
  | { kind: 'quit' }
  | null;

export function filterEditFor(input: string, key: KeyFlags): FilterEdit {
  const name = keyName(input, key);
  if (name === 'enter') return { kind: 'commit' };
  if (name === 'escape') return { kind: 'cancel' };
  if (name === 'backspace') return { kind: 'backspace' };
  if (name === 'ctrl+c') return { kind: 'quit' };
  if (name === 'space') return { kind: 'type', text: ' ' };
  if (key.ctrl || key.tab || name !== input || input.length === 0) return null;
  // Printable text only (a paste arrives as one string).
  const text = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return text ? { kind: 'type', text } : null;
}

const CONTROL_CHARS: Record<string, KeyFlags> = {
  '\t': { tab: true },
  '\r': { return: true },
  '\n': { return: true },
  '\u007f': { backspace: true },
  '\b': { backspace: true },
  '\u001b': { escape: true },
};

/**
 * One key event per character when several arrive as one string (typed ahead, pasted; ink
 * hands escape sequences over one by one, but a run of plain characters as one string).
 */
export function splitKeys(input: string, key: KeyFlags): Array<{ input: string; key: KeyFlags }> {
  if (input.length <= 1 || key.ctrl) return [{ input, key }];
  return [...input].map(charKey);
}

/** The key event of one character as a terminal sends it (what ink makes of it alone). */
export function charKey(c: string): { input: string; key: KeyFlags } {
  const control = CONTROL_CHARS[c];
  if (control) return { input: '', key: control };
  const code = c.charCodeAt(0);
  // ^A..^Z arrive as 0x01..0x1a.
  if (code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), key: { ctrl: true } };
  return { input: c, key: { shift: c !== c.toLowerCase() } };
}

/** The footer line's key hints, in table order. */
export const FOOTER_HINTS: readonly string[] = BINDINGS.filter((b) => b.footer).map((b) => b.footer!);

/** The key table as text, two columns (for --help). */
export function keysHelp(): string {
  const cell = (b: Binding) => `${b.label.padEnd(12)}${b.help}`.padEnd(40);
  const half = Math.ceil(BINDINGS.length / 2);
  const lines: string[] = [];
  for (let i = 0; i < half; i++)
    lines.push(`  ${cell(BINDINGS[i])}${BINDINGS[half + i] ? cell(BINDINGS[half + i]) : ''}`.trimEnd());
  return lines.join('\n');
}

/** The key table as README's Markdown table (test/tui/readme-keys.test.ts holds README to it). */
export function keysMarkdown(): string {
  const keys = (b: Binding) =>
    b.label
      .split(' ')
      .map((k) => `\`${k}\``)
      .join(' ');
  return [
    '| keys | does |',
    '|---|---|',
    ...BINDINGS.map((b) => `| ${keys(b)} | ${b.help.replace(/\|/g, '\\|')} |`),
  ].join('\n');
}

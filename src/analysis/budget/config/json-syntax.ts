/**
 * JSON configs are held to JSON's own syntax: the yaml package reads JSON as YAML and so
 * would accept what JSON forbids (a trailing comma, comments, single quotes). JSON.parse
 * does not say where it failed in every case, so a small recursive-descent check finds the
 * first offending character and gives its line and column. Pure.
 */
import type { ConfigProblem } from './config.js';

class SyntaxAt {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

export function jsonSyntaxProblem(text: string): ConfigProblem | null {
  try {
    new JsonChecker(text).document();
    return null;
  } catch (err) {
    if (!(err instanceof SyntaxAt)) throw err;
    return { ...position(text, err.offset), message: err.message };
  }
}

class JsonChecker {
  private i = 0;
  constructor(private readonly t: string) {}

  document(): void {
    this.value();
    this.ws();
    if (this.i < this.t.length) this.fail('JSON: more text after the document');
  }

  private fail(message: string, at = this.i): never {
    throw new SyntaxAt(at, message);
  }

  private ws(): void {
    while (this.i < this.t.length && ' \t\n\r'.includes(this.t[this.i])) this.i++;
  }

  private value(): void {
    this.ws();
    const c = this.t[this.i];
    if (c === '{') return this.container('}', () => this.member());
    if (c === '[') return this.container(']', () => this.value());
    if (c === '"') return this.string();
    const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
    literal.lastIndex = this.i;
    const m = literal.exec(this.t);
    if (m) {
      this.i += m[0].length;
      return;
    }
    this.fail(
      c === undefined
        ? 'JSON: unexpected end of the file'
        : c === "'"
          ? 'JSON: strings take double quotes'
          : `JSON: unexpected ${JSON.stringify(c)}`,
    );
  }

  /** An object or array: items separated by commas, no comma before the close. */
  private container(close: '}' | ']', item: () => void): void {
    this.i++;
    this.ws();
    if (this.t[this.i] === close) return void this.i++;
    for (;;) {
      item();
      this.ws();
      const c = this.t[this.i];
      if (c === close) return void this.i++;
      if (c !== ',')
        this.fail(c === undefined ? 'JSON: unexpected end of the file' : `JSON: expected "," or "${close}"`);
      const comma = this.i++;
      this.ws();
      if (this.t[this.i] === close) this.fail(`trailing comma (JSON allows none before } or ])`, comma);
    }
  }

  private member(): void {
    this.ws();
    if (this.t[this.i] !== '"')
      this.fail(
        this.t[this.i] === undefined ? 'JSON: unexpected end of the file' : 'JSON: expected a key in double quotes',
      );
    this.string();
    this.ws();
    if (this.t[this.i] !== ':') this.fail('JSON: expected ":" after the key');
    this.i++;
    this.value();
  }

  private string(): void {
    const start = this.i++;
    while (this.i < this.t.length && this.t[this.i] !== '"') {
      if (this.t[this.i] < ' ') this.fail('JSON: a control character (a line break?) inside a string');
      this.i += this.t[this.i] === '\\' ? 2 : 1;
    }
    if (this.i >= this.t.length) this.fail('JSON: a string that never ends', start);
    this.i++;
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

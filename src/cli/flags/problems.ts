/** Usage problems gathered before any I/O, so a run reports all of them at once. */
import { LayerscopeError } from '../../errors.js';

export class Problems {
  readonly list: LayerscopeError[] = [];

  /** Runs `fn`; a LayerscopeError it throws is kept, and undefined returned. */
  check<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof LayerscopeError)) throw err;
      this.list.push(err);
      return undefined;
    }
  }

  add(err: LayerscopeError | null | undefined): void {
    if (err) this.list.push(err);
  }

  /**
   * One error naming every problem: the single one as it is, several one a line (an error that
   * lists its problems as details, as a config error does, gives each of them).
   */
  throwIfAny(): void {
    const all = this.list;
    if (all.length === 0) return;
    if (all.length === 1) throw all[0];
    const lines = all.flatMap((p) => (p.details.length > 0 ? p.details : [p.message]));
    const code = all.find((p) => p.code !== 'usage')?.code ?? 'usage';
    throw new LayerscopeError(code, `${lines.length} problems:`, {
      details: lines,
      hint: all.find((p) => p.hint)?.hint,
    });
  }
}

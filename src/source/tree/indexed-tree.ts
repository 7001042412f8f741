/** What the tar-backed trees share: members looked up by their safe name in an index. */
import { inputError } from '../../errors.js';
import { safeName, tooLargeForMetadata } from './archive-tree.js';
import type { TarMember } from './tar-index.js';

export abstract class IndexedTree {
  protected constructor(
    readonly label: string,
    protected readonly members: Map<string, TarMember>,
  ) {}

  protected member(name: string): TarMember | undefined {
    return this.members.get(safeName(this.label, name));
  }

  /** The member, checked to be small enough to read whole as metadata. */
  protected metadataMember(name: string, limit: number): TarMember {
    const m = this.member(name);
    if (!m) throw inputError(`${this.label}: missing ${name}`);
    if (m.size > limit) throw tooLargeForMetadata(this.label, name, m.size);
    return m;
  }

  has(name: string): boolean {
    return this.member(name) !== undefined;
  }

  size(name: string): number | undefined {
    return this.member(name)?.size;
  }
}

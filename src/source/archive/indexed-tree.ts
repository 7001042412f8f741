/** What the tar-backed trees share: members looked up by their safe name in an index. */
import { posix } from 'node:path';
import { inputError } from '../../errors.js';
import { safeName, tooLargeForMetadata } from './archive-tree.js';
import { normalizeName, type TarMember } from './tar-index.js';

const MAX_LINK_HOPS = 8;

export abstract class IndexedTree {
  protected constructor(
    readonly label: string,
    protected readonly members: Map<string, TarMember>,
  ) {}

  /** The member `name`, links followed (a few hops, never out of the archive). */
  protected member(name: string): TarMember | undefined {
    let m = this.members.get(safeName(this.label, name));
    for (let hops = 0; m?.linkname !== undefined; hops++) {
      if (hops === MAX_LINK_HOPS) throw inputError(`${this.label}: ${name}: too many levels of links`);
      const symlink = m.type === '2' || m.type === 'symlink';
      const target = symlink ? posix.join(posix.dirname(m.name), m.linkname) : m.linkname;
      m = this.members.get(safeName(this.label, normalizeName(posix.normalize(target))));
    }
    return m;
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

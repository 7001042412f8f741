/** `layerscope tags`: every page of a real registry's tag list, text and JSON, and bad input. */
import { beforeAll, describe, expect, it } from 'vitest';
import { listTags } from '../../src/source/registry/tags.js';
import { buildImage } from '../fixtures/image-builder/index.js';
import { runCli } from '../helpers/cli.js';
import { pushImages, testRegistries } from '../helpers/registry.js';
import { FaultProxy } from '../helpers/fault-proxy.js';

const regs = testRegistries();
const TAGS = ['1.0', '1.1', '1.2', '2.0', 'latest'];
/** Pushed in this order; the CLI sorts 1.9 before 1.10. */
const PUSHED = [...TAGS, '1.10', '1.9'];

describe.skipIf(!regs)('tags', () => {
  const repo = () => `${regs!.anonymous}/tags/app`;

  beforeAll(async () => {
    const image = buildImage({ layers: [{ entries: [{ type: 'file', path: 'v', content: 'v' }] }] });
    for (const tag of PUSHED) await pushImages([{ image, tag }], tag, `${repo()}:${tag}`);
  });

  it('prints one tag a line', async () => {
    const r = await runCli(['tags', `docker://${repo()}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(['1.0', '1.1', '1.2', '1.9', '1.10', '2.0', 'latest'].map((t) => `${t}\n`).join(''));
  });

  it('--json: schemaVersion, kind, repository, tags', async () => {
    const r = await runCli(['tags', '--json', `registry:${repo()}:1.0`]);
    expect(JSON.parse(r.stdout)).toEqual({
      schemaVersion: 2,
      kind: 'tags',
      repository: repo(),
      tags: ['1.0', '1.1', '1.2', '1.9', '1.10', '2.0', 'latest'],
    });
  });

  it('follows Link headers through every page (pages cut by a proxy)', async () => {
    // registry 2.8 ignores ?n= for tags; the proxy pages its full answer as newer registries do.
    const proxy = await FaultProxy.start(regs!.anonymous);
    proxy.add(/\/tags\/list/, { kind: 'paginate', size: 2 }, 10);
    try {
      const result = await listTags(`${proxy.host}/tags/app`, { pageSize: 2 });
      expect([...result.tags].sort()).toEqual([...PUSHED].sort());
      const pages = proxy.seen(/\/tags\/list/).map((p) => p.path);
      expect(pages).toHaveLength(4);
      expect(pages[0]).toBe('/v2/tags/app/tags/list?n=2');
      expect(pages.slice(1).every((p) => /[?&]last=[^&]+/.test(p) && /[?&]n=2\b/.test(p))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('an unknown repository: one line, exit 2', async () => {
    const r = await runCli(['tags', `docker://${regs!.anonymous}/tags/nothing-here`]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `layerscope: ${regs!.anonymous}/tags/nothing-here tags: repository tags/nothing-here not found on ${regs!.anonymous} (anonymously)`,
    );
  });

  it('a reference that is not a registry: usage error before any I/O', async () => {
    const r = await runCli(['tags', 'oci:/no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'layerscope: oci:/no/such/dir: tags lists a registry repository\n  hint: give docker://HOST[:PORT]/REPO or registry:REPO\n',
    );
  });
});

/**
 * `series REPO --tags SPEC`: the release tags of one registry repository, chosen before any
 * image is read — the last N versions, or those in a semver range — as references to compare.
 */
import { usageError } from '../../errors.js';
import { splitTag } from '../../source/registry/naming.js';
import { parseTagSpec, selectTags } from '../../source/registry/tag-select.js';
import { listTags } from '../../source/registry/tags.js';
import type { CliContext } from '../run/context.js';
import { registryOptions, repositoryName } from './registry-options.js';

/** Checks the flag and the reference without I/O; returns what to list later. */
export function parseSeriesTags(
  refs: string[],
  spec: string,
  pull: boolean,
): { repository: string; spec: ReturnType<typeof parseTagSpec> } {
  if (pull)
    throw usageError('--pull applies only to images in the Docker Engine; --tags reads a registry', 'drop --pull');
  if (refs.length !== 1)
    throw usageError(
      `--tags takes one registry repository, not ${refs.length} references`,
      'layerscope series docker://registry.example.com/app --tags 5',
    );
  return { repository: splitTag(repositoryName(refs[0])).name, spec: parseTagSpec(spec) };
}

/** Lists the repository's tags and returns the chosen releases as docker:// references, oldest first. */
export async function releaseReferences(
  parsed: ReturnType<typeof parseSeriesTags>,
  globals: Record<string, unknown>,
  ctx: CliContext,
  signal: AbortSignal,
): Promise<string[]> {
  const { tags: all, repository } = await listTags(parsed.repository, {
    registry: registryOptions(globals, ctx.env),
    signal,
  });
  const { tags } = selectTags(all, parsed.spec);
  if (tags.length < 2) {
    const wanted = 'last' in parsed.spec ? `the last ${parsed.spec.last}` : `range "${parsed.spec.range}"`;
    throw usageError(
      `${repository}: ${tags.length === 0 ? 'no' : 'only one'} version tag for ${wanted} (${all.length} tags in all)`,
      'a series needs two or more versions',
    );
  }
  return tags.map((tag) => `docker://${parsed.repository}:${tag}`);
}

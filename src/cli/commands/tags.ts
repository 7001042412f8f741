/** `layerscope tags REF`: the tags of a registry repository, one a line (or JSON). */
import type { Command } from 'commander';
import { renderJson } from '../../render/common/json.js';
import { visible } from '../../render/common/safe-text.js';
import { listTags } from '../../source/registry/tags.js';
import { createContext } from '../run/context.js';
import { describe, helpFooter } from '../flags/help-text.js';
import { addJsonOption, jsonTarget, unwritable, writeOutputFile } from '../flags/json-output.js';
import { Problems } from '../flags/problems.js';
import { registryOptions, repositoryName } from '../flags/registry-options.js';

interface TagsOptions {
  json?: string | boolean;
}

export function registerTags(program: Command, signal: AbortSignal): void {
  const command = program
    .command('tags')
    .summary('list the tags of a registry repository')
    .description(
      describe(
        'list the tags of a registry repository',
        'List the tags of a repository in a registry (all pages), sorted with numbers compared as numbers (1.9 before 1.10).',
      ),
    )
    .argument('<ref>', 'docker://HOST[:PORT]/REPO or registry:REPO (a tag or digest in it is ignored)');
  addJsonOption(command, 'the list ({ repository, tags })')
    .addHelpText(
      'after',
      helpFooter([
        'layerscope tags docker://localhost:5000/app',
        'layerscope tags registry:ghcr.io/acme/app --creds ci:"$TOKEN" --json',
      ]),
    )
    .action(async (ref: string, opts: TagsOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals();
      const ctx = createContext(globals);
      const problems = new Problems();
      const registry = problems.check(() => registryOptions(globals, ctx.env));
      const repository = problems.check(() => repositoryName(ref));
      const json = problems.check(() => jsonTarget(opts.json)) ?? { stdout: false };
      if (json.file) problems.add(unwritable('json', json.file));
      problems.throwIfAny();
      const result = await listTags(repository!, { registry, signal });
      result.tags.sort(byVersion);
      if (json.file) writeOutputFile('json', json.file, renderJson('tags', result));
      ctx.stdout.write(json.stdout ? renderJson('tags', result) : result.tags.map((t) => `${visible(t)}\n`).join(''));
    });
}

/** Registries list tags in no promised order: sort them with numbers compared as numbers (1.9 < 1.10). */
const byVersion = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);

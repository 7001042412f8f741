/** `layerscope tags REF`: the tags of a registry repository, one a line (or JSON). */
import type { Command } from 'commander';
import { renderJson } from '../../render/json.js';
import { visible } from '../../render/safe-text.js';
import { listTags } from '../../source/registry/tags.js';
import { createContext } from '../context.js';
import { registryOptions, repositoryName } from '../registry-options.js';

interface TagsOptions {
  json?: boolean;
}

export function registerTags(program: Command, signal: AbortSignal): void {
  program
    .command('tags')
    .summary('list the tags of a registry repository')
    .description('List the tags of a repository in a registry (all pages), sorted with numbers compared as numbers (1.9 before 1.10).')
    .argument('<ref>', 'docker://HOST[:PORT]/REPO or registry:REPO (a tag or digest in it is ignored)')
    .option('--json', 'print a JSON document (schemaVersion 2): { repository, tags }')
    .addHelpText('after', `
Examples:
  layerscope tags docker://localhost:5000/app
  layerscope tags registry:ghcr.io/acme/app --creds ci:"$TOKEN" --json`)
    .action(async (ref: string, opts: TagsOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals();
      const ctx = createContext(globals);
      const registry = registryOptions(globals, ctx.env);
      const result = await listTags(repositoryName(ref), { registry, signal });
      result.tags.sort(byVersion);
      ctx.stdout.write(opts.json ? renderJson('tags', result) : result.tags.map((t) => `${visible(t)}\n`).join(''));
    });
}

/** Registries list tags in no promised order: sort them with numbers compared as numbers (1.9 < 1.10). */
const byVersion = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);

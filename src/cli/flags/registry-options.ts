/**
 * The global registry options (--creds, --insecure, --tls-verify), checked before any I/O and
 * turned into the registry source's options. A bad --creds value is never echoed: it may
 * hold a password.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { parseReference } from '../../source/reference.js';
import type { RegistryOptions } from '../../source/registry/client.js';
import { requestDeadlines, type DeadlineFlags } from './deadline-options.js';

export interface RegistryFlags extends DeadlineFlags {
  creds?: string;
  insecure?: boolean;
  tlsVerify?: string;
}

export function addRegistryOptions(program: Command): Command {
  return program
    .option(
      '--creds <user:password>',
      'registry credentials (else LAYERSCOPE_REGISTRY_USER/_PASSWORD, else docker login)',
    )
    .option('--insecure', 'registries: allow plain HTTP and TLS certificates that do not verify')
    .option('--tls-verify <bool>', 'registries: --tls-verify=false is the same as --insecure');
}

export function registryOptions(flags: RegistryFlags, env: NodeJS.ProcessEnv = process.env): RegistryOptions {
  const out: RegistryOptions = { env, deadlines: requestDeadlines(flags) };
  if (flags.creds !== undefined) {
    const colon = flags.creds.indexOf(':');
    if (colon <= 0)
      throw usageError(
        '--creds: expected USER:PASSWORD (the value is not shown)',
        'for example --creds ci-bot:"$REGISTRY_TOKEN"',
      );
    out.creds = { username: flags.creds.slice(0, colon), password: flags.creds.slice(colon + 1) };
  }
  if (flags.tlsVerify !== undefined && !['true', 'false'].includes(flags.tlsVerify)) {
    throw usageError(
      `--tls-verify: "${flags.tlsVerify}" is not true or false`,
      'write --tls-verify=false, or --insecure',
    );
  }
  if (flags.insecure && flags.tlsVerify === 'true')
    throw usageError('--insecure and --tls-verify=true contradict each other', 'give one of them');
  out.tlsVerify = !(flags.insecure || flags.tlsVerify === 'false');
  return out;
}

/** The registry name in REF; a bare name (not a path) means a registry too, as `docker pull` reads it. */
export function repositoryName(ref: string): string {
  const parsed = parseReference(ref, existsSync);
  if (parsed.transport === 'registry') return parsed.name;
  if (parsed.transport === 'docker' && !/^docker(-daemon)?:/.test(ref)) return ref;
  throw usageError(`${ref}: tags lists a registry repository`, 'give docker://HOST[:PORT]/REPO or registry:REPO');
}

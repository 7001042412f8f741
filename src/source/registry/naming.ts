/**
 * Registry image names, by the docker CLI's rules: the first path component is a host when
 * it has a '.' or a ':' or is 'localhost'; otherwise the image lives on Docker Hub
 * (docker.io, served by registry-1.docker.io), where one-component names get 'library/'.
 * Without a tag or digest the tag is 'latest'.
 */
import { usageError } from '../../errors.js';

export interface RegistryName {
  /** The registry as users name it: docker.io, ghcr.io, localhost:5000. */
  host: string;
  /** Where the API answers (registry-1.docker.io for docker.io). */
  apiHost: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** NAME[:TAG][@DIGEST] split into its parts (a colon before the last slash is a port). */
export function splitTag(text: string): { name: string; tag?: string; digest?: string } {
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const name = at >= 0 ? text.slice(0, at) : text;
  const colon = name.lastIndexOf(':');
  if (colon <= name.lastIndexOf('/')) return { name, digest };
  return { name: name.slice(0, colon), tag: name.slice(colon + 1), digest };
}

export function parseRegistryName(text: string): RegistryName {
  const { name: rest, digest, tag: given } = splitTag(text);
  let tag = given;
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasHost = slash >= 0 && (/[.:]/.test(first) || first === 'localhost');
  let host = hasHost ? first : DOCKER_HUB;
  let repository = hasHost ? rest.slice(slash + 1) : rest;
  if (HUB_ALIASES.has(host)) host = DOCKER_HUB;
  if (host === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (repository === '' || digest === '')
    throw usageError(`${text}: not a repository reference`, 'for example docker://localhost:5000/app:1.0');
  if (!tag && !digest) tag = 'latest';
  return { host, apiHost: host === DOCKER_HUB ? DOCKER_HUB_API : host, repository, tag, digest };
}

/** host/repository[:tag][@digest], shortened for Docker Hub the way docker prints it. */
export function formatRegistryName(n: RegistryName, opts: { withReference?: boolean } = {}): string {
  let name = `${n.host}/${n.repository}`;
  if (n.host === DOCKER_HUB) name = n.repository.replace(/^library\//, '');
  if (opts.withReference === false) return name;
  if (n.digest) return `${name}@${n.digest}`;
  return `${name}:${n.tag}`;
}

/** The host without its port. */
export function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon > 0 && !host.slice(0, colon).includes(':') ? host.slice(0, colon) : host;
}

/** localhost and loopback addresses: plain HTTP by default, as the docker CLI allows. */
export function isLoopback(host: string): boolean {
  const name = hostname(host);
  return name === 'localhost' || name.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '::1';
}

/**
 * Tag lists: GET /v2/<name>/tags/list?n=…, following `Link: <…>; rel="next"` pages.
 */
import { LayerscopeError } from '../../errors.js';
import { RegistryClient, type RegistryOptions } from './client.js';
import { header, readBody } from './http.js';
import { parseRegistryName, type RegistryName } from './naming.js';

const PAGE_LIMIT = 8 * 1024 * 1024;
const MAX_PAGES = 10_000;

export interface TagList {
  /** host/repository as the registry names it (Docker Hub: docker.io/library/alpine). */
  repository: string;
  tags: string[];
}

export async function listTags(
  name: string,
  opts: { registry?: RegistryOptions; pageSize?: number; signal?: AbortSignal } = {},
): Promise<TagList> {
  const parsed: RegistryName = parseRegistryName(name);
  const client = new RegistryClient(parsed, opts.registry);
  const what = `${client.label} tags`;
  let url: URL | undefined = client.url(`tags/list?n=${opts.pageSize ?? 1000}`);
  const tags: string[] = [];
  for (let page = 0; url; page++) {
    if (page >= MAX_PAGES) throw new LayerscopeError('registry', `${what}: more than ${MAX_PAGES} pages`);
    const res = await client.request(url, { what, signal: opts.signal });
    const next = nextLink(header(res, 'link'), url);
    tags.push(...parseTagPage(await readBody(res, PAGE_LIMIT, what), what));
    url = next;
  }
  return { repository: `${parsed.host}/${parsed.repository}`, tags };
}

function parseTagPage(body: Buffer, what: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read from outside; each field it uses is checked
  let parsed: any;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new LayerscopeError('registry', `${what}: the answer is not JSON`);
  }
  const tags = parsed?.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))
    throw new LayerscopeError('registry', `${what}: the answer has no tag list`);
  return tags;
}

/** The rel="next" target of a Link header, resolved against the page's URL. */
export function nextLink(link: string | undefined, base: URL): URL | undefined {
  const m = link ? /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link) : null;
  return m ? new URL(m[1], base) : undefined;
}

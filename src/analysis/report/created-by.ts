/** History text as people read it (a domain normalisation, not styling: analysis and render both use it). */

/** A `created_by` as people read it: without the `/bin/sh -c #(nop) ` prefix. */
export function cleanCreatedBy(createdBy: string): string {
  return createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^\/bin\/sh -c /, 'RUN ')
    .replace(/^\|\d+ [^ ]+=\S*( [^ ]+=\S*)* \/bin\/sh -c /, 'RUN ')
    .replace(/\s*# buildkit$/, '');
}

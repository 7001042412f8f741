/** JSON documents: every one carries `schemaVersion` and `kind`; see README "JSON output". */
export const SCHEMA_VERSION = 2;

export function renderJson(kind: string, body: object): string {
  return `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, kind, ...body }, null, 2)}\n`;
}

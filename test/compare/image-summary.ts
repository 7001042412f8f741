/** The image summary of a hand-built comparison side: only the layer count matters to the tests that use it. */
export const summaryOf = (layers: number) => ({
  reference: 'x',
  source: 'oci' as const,
  id: 'x',
  manifestDigest: null,
  repoTags: [],
  platform: 'linux/amd64',
  created: null,
  layers,
  historyEntries: layers,
  scanned: true,
});

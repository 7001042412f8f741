/**
 * The import boundaries of STYLE.md, held by `npm run lint`:
 *   cli -> tui -> render -> analysis -> scan -> source -> tar   (an arrow = may import)
 * Nothing imports upward; errors.ts and pure utilities may be imported from anywhere.
 * Type-only imports of a lower layer's model are allowed where a rule says so.
 */
const layer = (name) => `^src/${name}/`;
const IO_MODULES = '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|tls|os|worker_threads|readline)$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle means two modules are one idea, or one of them holds something the other should own.',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'tar-is-the-bottom',
      severity: 'error',
      from: { path: layer('tar') },
      to: { path: '^src/(source|scan|analysis|render|tui|cli)/' },
    },
    {
      name: 'source-stays-below-scan',
      severity: 'error',
      comment: 'A source resolves a reference to an Image; it never scans, analyses, renders or parses flags.',
      from: { path: layer('source') },
      to: { path: '^src/(scan|analysis|render|tui|cli)/' },
    },
    {
      name: 'scan-stays-below-analysis',
      severity: 'error',
      comment: 'The scan streams bytes into data; what that data means is analysis.',
      from: { path: layer('scan') },
      to: { path: '^src/(analysis|render|tui|cli)/' },
    },
    {
      name: 'analysis-is-pure',
      severity: 'error',
      comment:
        'Analysis is (data) => data: it may read the models of scan and source (types), never run them, render or do I/O.',
      from: { path: '^src/analysis/' },
      to: { path: '^src/(render|tui|cli)/' },
    },
    {
      name: 'analysis-uses-models-only',
      severity: 'error',
      comment:
        'Analysis takes scans and images as values: type-only imports of scan/ and source/ (and the pure helpers of the image model).',
      from: { path: '^src/analysis/' },
      to: { path: '^src/(scan|source|tar)/', pathNot: '^src/source/model\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'analysis-does-no-io',
      severity: 'error',
      from: { path: '^src/analysis/' },
      to: { dependencyTypes: ['core'], path: IO_MODULES },
    },
    {
      name: 'render-never-reads-a-source',
      severity: 'error',
      comment:
        'A renderer formats numbers it is given (it may name their types); it never opens an image, scans, or reads a cache.',
      from: { path: layer('render') },
      to: { path: '^src/(scan|source)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'render-stays-below-tui',
      severity: 'error',
      from: { path: layer('render') },
      to: { path: '^src/(tui|cli)/' },
    },
    {
      name: 'tui-never-reaches-the-cli',
      severity: 'error',
      from: { path: layer('tui') },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js'],
    },
  },
};

// The layers of lib/ (docs/architecture.md), bottom to top. A module may import its own layer
// and the layers below it, never one above: `npm test` runs `depcruise` with these rules first.
const LAYERS = [
  ['primitives', ['lib/errors\\.ts', 'lib/ids\\.ts', 'lib/time\\.ts', 'lib/repo\\.ts', 'lib/crypto/', 'lib/json/', 'lib/fs/', 'lib/git/', 'lib/config/']],
  ['entries', ['lib/entry/', 'lib/keys/']],
  ['log', ['lib/log/']],
  ['verification and export', ['lib/verify/', 'lib/export/']],
  ['trust', ['lib/trust/']],
  ['delta', ['lib/delta/', 'grammars/']],
  ['intent', ['lib/intent/']],
  ['secrets', ['lib/secrets/']],
  ['governance', ['lib/agents/', 'lib/zones/']],
  ['evidence', ['lib/range/', 'lib/retention/', 'lib/snapshot/', 'lib/omission/', 'lib/checkpoint/', 'lib/trace/']],
  ['reports', ['lib/report/', 'lib/graph/']],
  ['review', ['lib/review/']],
  ['hook helper', ['lib/helper/']],
  ['commit flow', ['lib/hooks/']],
  ['commands and hooks', ['lib/cli\\.ts', 'lib/commands/', 'hooks/', 'install\\.ts']],
];

const anyOf = (paths) => `^(${paths.join('|')})`;

const forbidden = LAYERS.slice(0, -1).map(([name, paths], i) => ({
  name: `layer-${name.replace(/\W+/g, '-')}`,
  comment: `${name} (${paths.join(', ')}) may import only its own layer and those below it (docs/architecture.md)`,
  severity: 'error',
  from: { path: anyOf(paths) },
  to: { path: anyOf(LAYERS.slice(i + 1).flatMap(([, p]) => p)) },
}));

forbidden.push(
  {
    name: 'no-circular-folders',
    comment: 'two modules of lib/ that import each other (directly or through others) cannot be layered',
    severity: 'error',
    from: { path: '^lib/' },
    to: { circular: true },
  },
  {
    name: 'lib-not-tests',
    comment: 'the engine never imports tests, benchmarks or the demo',
    severity: 'error',
    from: { path: '^(lib|hooks|grammars)/' },
    to: { path: '^(test|bench|demo)/' },
  },
);

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};

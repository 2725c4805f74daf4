// npm run build, after tsc: bundles hooks/run.ts and everything it imports from lib/ into one
// CommonJS file, dist/hooks/run.bundle.js, which hooks/dispatch.sh runs. A hook starts Node
// on a commit's path: reading and compiling one script costs less than resolving, reading and
// wrapping dozens of modules (README → Performance has the figures). Packages stay external
// (tree-sitter is native and loads from node_modules); modules the hook path `require`s lazily
// stay lazy inside the bundle (esbuild wraps them and runs them on first use).
// A module's __dirname becomes the directory its tsc output lives in, so the files found
// beside a module at run time (grammars, queries, the delta worker) are found from the bundle.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'hooks', 'run.bundle.js');

const dirnameAsInDist = {
  name: 'dirname-as-in-dist',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      if (/\b__dirname\b/.test(text)) {
        const inDist = join(root, 'dist', relative(root, dirname(args.path)));
        const rel = relative(dirname(outfile), inDist) || '.';
        text = text.replace(/\b__dirname\b/g, `require('node:path').join(__dirname, ${JSON.stringify(rel)})`);
      }
      return { contents: text, loader: 'ts' };
    });
  },
};

const result = await build({
  entryPoints: [join(root, 'hooks', 'run.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  plugins: [dirnameAsInDist],
  logLevel: 'warning',
  logOverride: { 'unsupported-require-call': 'silent' }, // grammars/registry.ts loads grammar folders by path, on purpose
  metafile: true,
});
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`bundled hooks/run.ts: ${inputs} modules → ${relative(root, outfile)}`);

// npm run build, after tsc: bundles hooks/run.ts and everything it imports from lib/ into one
// CommonJS file, dist/hooks/run.bundle.js, which hooks/dispatch.sh runs. A hook starts Node
// on a commit's path: reading and compiling one script costs less than resolving, reading and
// wrapping dozens of modules (README → Performance has the figures). Packages stay external
// (tree-sitter is native and loads from node_modules); modules the hook path `require`s lazily
// stay lazy inside the bundle (esbuild wraps them and runs them on first use).
// A module's __dirname becomes the directory its tsc output lives in, so the files found
// beside a module at run time (grammars, queries, the delta worker) are found from the bundle.
// Two more things load faster from the bundle (its V8 code cache covers them): the grammar
// folders, which grammars/registry.ts finds at run time and requires by path, are bundled
// too (it still lists the folders; each is looked up here first); and tree-sitter's JavaScript
// (index.js), with its native binding loaded by path (grammars/native.ts) instead of through
// node-gyp-build's directory search (~5 ms of CPU per hook, README → Performance).
import { build } from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'hooks', 'run.bundle.js');

const grammarsDir = join(root, 'grammars');
const grammarFolders = readdirSync(grammarsDir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(grammarsDir, d.name, 'index.ts'))).map((d) => d.name);

/** grammars/registry.ts requires each grammar folder by path: look the bundled one up first. */
function bundleGrammars(text) {
  const dynamic = "require(join(__dirname, d.name, 'index.js'))";
  if (!text.includes(dynamic)) throw new Error(`bundle-hooks: grammars/registry.ts no longer loads grammars with ${dynamic}; update scripts/bundle-hooks.mjs`);
  const table = `const BUNDLED_GRAMMARS: Record<string, () => unknown> = {${grammarFolders.map((n) => `${JSON.stringify(n)}: () => require(${JSON.stringify(`./${n}/index`)})`).join(', ')}};\n`;
  return table + text.replace(dynamic, `(BUNDLED_GRAMMARS[d.name] ?? (() => ${dynamic}))()`);
}

const ourSources = {
  name: 'our-sources',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      if (args.path === join(grammarsDir, 'registry.ts')) text = bundleGrammars(text);
      if (/\b__dirname\b/.test(text)) {
        const inDist = join(root, 'dist', relative(root, dirname(args.path)));
        const rel = relative(dirname(outfile), inDist) || '.';
        text = text.replace(/\b__dirname\b/g, `require('node:path').join(__dirname, ${JSON.stringify(rel)})`);
      }
      return { contents: text, loader: 'ts' };
    });
  },
};

const treeSitterIndex = createRequire(join(root, 'package.json')).resolve('tree-sitter');
const bundledTreeSitter = {
  name: 'bundled-tree-sitter',
  setup(b) {
    b.onResolve({ filter: /^tree-sitter$/ }, () => ({ path: treeSitterIndex }));
    b.onLoad({ filter: /.*/ }, async (args) => {
      if (args.path !== treeSitterIndex) return undefined;
      const text = await readFile(args.path, 'utf8');
      // the whole `const binding = …;` (its Bun branch names every platform's prebuild)
      const search = /^const binding = [^;]*require\('node-gyp-build'\)\(__dirname\);/m;
      if (!search.test(text)) throw new Error("bundle-hooks: tree-sitter's index.js no longer loads its binding with node-gyp-build; update scripts/bundle-hooks.mjs");
      // grammars/native.ts, bundled: it finds the installed package at run time
      const load = `require(${JSON.stringify(join(root, 'grammars', 'native.ts'))}).nativeBinding('tree-sitter')`;
      return { contents: text.replace(search, `const binding = ${load};`), loader: 'js' };
    });
  },
};

// The hook helper keeps the parse (lib/delta/extract.ts and the grammars) loaded: the served
// bundle requires their tsc output instead of holding its own copy, so they load once per
// helper, and the optimized code V8 builds for them (the helper warms them up when it starts)
// serves every request. They are functions of a grammar and a text, with no repository state.
// lib/git/growing-blob.ts too: it remembers the log's last version between commits, and
// checks that memory against the files it keeps on disk before each use.
const helperOwn = new Map([
  [join(root, 'lib', 'delta', 'extract.ts'), '../lib/delta/extract.js'],
  [join(root, 'grammars', 'registry.ts'), '../grammars/registry.js'],
  [join(root, 'lib', 'git', 'growing-blob.ts'), '../lib/git/growing-blob.js'],
]);
const helperOwnModules = {
  name: 'helper-own-modules',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      const loaded = helperOwn.get(resolve(args.resolveDir, args.path) + '.ts');
      return loaded ? { path: loaded, external: true } : undefined;
    });
  },
};

// dist/hooks/run.bundle.js, which a hook's Node runs, and dist/hooks/served.bundle.js, which the
// hook helper evaluates afresh for every hook it serves (lib/helper/server.ts): there tree-sitter
// stays a package, loaded once per helper (its index.js patches the native classes it wraps, so
// it must not run twice in one process), and so does the parse (above).
const bundles = [
  { entry: join(root, 'hooks', 'run.ts'), out: outfile, plugins: [bundledTreeSitter, ourSources] },
  { entry: join(root, 'hooks', 'served.ts'), out: join(root, 'dist', 'hooks', 'served.bundle.js'), plugins: [helperOwnModules, ourSources] },
];
for (const b of bundles) {
  const result = await build({
    entryPoints: [b.entry],
    outfile: b.out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    plugins: b.plugins,
    logLevel: 'warning',
    logOverride: { 'unsupported-require-call': 'silent' }, // grammars/registry.ts loads grammar folders by path, on purpose
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs).length;
  console.log(`bundled ${relative(root, b.entry)}: ${inputs} modules → ${relative(root, b.out)}`);
}

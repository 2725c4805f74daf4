// A grammar package's native binding, loaded without the package's index.js. That file finds
// the binding with node-gyp-build (a directory search) and then parses the package's
// node-types.json (~220 kB each for TypeScript and TSX), which only tree-sitter's typed node
// classes read and aura never uses: ~5 ms of CPU on every hook that parses a file. node-gyp-build
// prefers a local build (build/) to the prebuild; so do we, by leaving that case, and any prebuild
// that does not load here, to the package itself.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function nativeGrammar<T>(pkg: string): T {
  const root = dirname(require.resolve(`${pkg}/package.json`));
  const prebuild = join(root, 'prebuilds', `${process.platform}-${process.arch}`, `${pkg}.node`);
  if (!existsSync(join(root, 'build')) && existsSync(prebuild)) {
    try {
      return require(prebuild) as T;
    } catch {
      // e.g. a glibc build on musl: the package's own loader reports what is wrong
    }
  }
  return require(pkg) as T;
}

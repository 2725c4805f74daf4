// The native binding of tree-sitter or of a grammar package, loaded by path. The packages'
// own index.js find it with node-gyp-build (a module to load and a directory search, ~5 ms of
// CPU), and a grammar's then parses its node-types.json (~220 kB each for TypeScript and TSX),
// which only tree-sitter's typed node classes read and aura never uses. Like node-gyp-build we
// prefer a local build (build/): that case, and a prebuild that does not load here (e.g. a
// glibc build on musl), go through node-gyp-build from the package's own dependencies.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function nativeBinding<T>(pkg: string): T {
  const manifest = require.resolve(`${pkg}/package.json`);
  const root = dirname(manifest);
  const prebuild = join(root, 'prebuilds', `${process.platform}-${process.arch}`, `${pkg}.node`);
  if (!existsSync(join(root, 'build')) && existsSync(prebuild)) {
    try {
      return require(prebuild) as T;
    } catch {
      // node-gyp-build says what is wrong
    }
  }
  return (createRequire(manifest)('node-gyp-build') as (dir: string) => T)(root);
}

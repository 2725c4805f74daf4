// The imports of a source file, found by tree-sitter in the four languages (for pr-review's
// layer rules): ES `import … from`, `export … from`, `import()` and `require()` with a string
// literal; Python `import a.b` and `from .x import y`. Relative specifiers are resolved to
// repository paths ("src/a.ts" importing "../lib/x" → "lib/x"); others are kept as written
// (a package name, or Python's dotted module as a path: "pkg.mod" → "pkg/mod").
import { posix } from 'node:path';
import type { GrammarSpec } from '../../grammars/types';

export interface ImportRef {
  specifier: string; // as written
  target: string; // resolved (see above)
  line: number; // 1-based
}

const ES = `
(import_statement source: (string) @src)
(export_statement source: (string) @src)
(call_expression function: (identifier) @fn arguments: (arguments . (string) @src) (#eq? @fn "require"))
(call_expression function: (import) arguments: (arguments . (string) @src))
`;
const PYTHON = `
(import_statement name: (dotted_name) @src)
(import_statement name: (aliased_import name: (dotted_name) @src))
(import_from_statement module_name: (_) @src)
`;

const queries = new Map<string, { parser: any; query: any }>();

function load(spec: GrammarSpec): { parser: any; query: any } {
  let q = queries.get(spec.name);
  if (!q) {
    const Parser = require('tree-sitter');
    const language = spec.language();
    const parser = new Parser();
    parser.setLanguage(language);
    q = { parser, query: new Parser.Query(language, spec.name === 'python' ? PYTHON : ES) };
    queries.set(spec.name, q);
  }
  return q;
}

function resolveEs(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return posix.normalize(posix.join(posix.dirname(file), spec));
}

function resolvePython(file: string, spec: string): string {
  const dots = /^\.*/.exec(spec)![0].length;
  const mod = spec.slice(dots).replace(/\./g, '/');
  if (dots === 0) return mod;
  let dir = posix.dirname(file);
  for (let i = 1; i < dots; i++) dir = posix.dirname(dir);
  return posix.normalize(mod ? posix.join(dir, mod) : dir);
}

/** The imports of `text` (the file `path` in the repository), in source order. */
export function importsOf(spec: GrammarSpec, path: string, text: string): ImportRef[] {
  const { parser, query } = load(spec);
  const tree = parser.parse(text, null, { bufferSize: Math.min(text.length + 1, 1 << 24) });
  const out: ImportRef[] = [];
  for (const c of query.captures(tree.rootNode)) {
    if (c.name !== 'src') continue;
    const raw: string = c.node.text;
    const specifier = spec.name === 'python' ? raw : raw.slice(1, -1);
    const target = spec.name === 'python' ? resolvePython(path, specifier) : resolveEs(path, specifier);
    out.push({ specifier, target, line: c.node.startPosition.row + 1 });
  }
  return out;
}

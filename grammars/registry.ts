// Finds the language folders next to this file (each has index.js exporting `grammar`) and
// maps file extensions to them. Grammar packages themselves load only when first needed.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GrammarSpec } from './types';

export type { GrammarSpec } from './types';

let byExt: Map<string, GrammarSpec> | undefined;
let byName: Map<string, GrammarSpec> | undefined;

function discover(): void {
  byExt = new Map();
  byName = new Map();
  for (const d of readdirSync(__dirname, { withFileTypes: true })) {
    if (!d.isDirectory() || !existsSync(join(__dirname, d.name, 'index.js'))) continue;
    const spec = (require(join(__dirname, d.name, 'index.js')) as { grammar: GrammarSpec }).grammar;
    if (spec.name !== d.name) throw new Error(`grammars/${d.name}: grammar.name is "${spec.name}", expected the folder name`);
    byName.set(spec.name, spec);
    for (const ext of spec.extensions) {
      const other = byExt.get(ext);
      if (other) throw new Error(`grammars: extension ${ext} claimed by both ${other.name} and ${spec.name}`);
      byExt.set(ext, spec);
    }
  }
}

/** All grammars, by folder name. */
export function grammars(): Map<string, GrammarSpec> {
  if (!byName) discover();
  return byName!;
}

export function grammarByName(name: string): GrammarSpec | undefined {
  return grammars().get(name);
}

/** The grammar for a repository path, by its longest matching extension (".d.ts" before ".ts"); undefined when unsupported. */
export function grammarFor(path: string): GrammarSpec | undefined {
  if (!byExt) discover();
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  for (let i = base.indexOf('.', 1); i !== -1; i = base.indexOf('.', i + 1)) {
    const g = byExt!.get(base.slice(i));
    if (g) return g;
  }
  return undefined;
}

/**
 * The symbols query of a grammar. .scm files are not compiled by tsc, so they are read from
 * the source tree: <project>/grammars/<name>/symbols.scm (this file runs from dist/grammars/).
 */
export function symbolsQuery(spec: GrammarSpec): string {
  return readFileSync(join(__dirname, '..', '..', 'grammars', spec.query ?? spec.name, 'symbols.scm'), 'utf8');
}

// Finer facts about a delta the intent check asks for only when a claim needs them (a typo
// fix, a file that does not parse): they re-read and re-parse the few files concerned, so the
// commit path pays nothing when no claim asks.
import { grammarFor } from '../../grammars/registry';
import { gitRaw } from '../git/exec';
import type { AstDelta } from '../entry/types';
import { decodeSource, firstSyntaxError, symbolTokens } from './extract';

/** The two sides a delta was computed between: revisions or tree ids (null: the empty tree). */
export interface DeltaSides {
  base: string | null;
  target: string;
}

function blobText(cwd: string, rev: string | null, file: string): string | null {
  if (!rev) return null;
  const r = gitRaw(['cat-file', 'blob', `${rev}:${file}`], { cwd, okCodes: [128] });
  return r.status === 0 ? decodeSource(r.stdout).text : null;
}

// String contents in the normalized token stream: "=string_fragment\0…", Python's
// verbatim "\"string_content\0…", escapes. Masked, two streams equal = only literals changed.
const LITERAL = /^[="](string_fragment|string_content|escape_sequence|template_chars|string)\u0000/;
const mask = (tokens: string[]): string => tokens.map((t) => (LITERAL.test(t) ? t.slice(0, t.indexOf('\u0000')) : t)).join('\u0001');

/** A stream's top-level statements (the root node's children), each as one string. */
function statements(tokens: string[]): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur: string[] = [];
  for (const t of tokens) {
    if (t === ')') depth--;
    if (depth >= 1) cur.push(t);
    if (t.startsWith('(')) depth++;
    if (depth === 1 && cur.length) {
      out.push(cur.join('\u0001'));
      cur = [];
    }
  }
  return out.sort();
}

/** How a modified node's syntax changed, when it is one of the two edits a cosmetic claim allows. */
export type EditKind = 'literal' | 'reorder';

function kindOf(before: string[], after: string[], module: boolean): EditKind | null {
  if (mask(before) === mask(after)) return 'literal';
  // the same top-level statements in another order: imports sorted, declarations regrouped
  if (module && statements(before).join('\u0002') === statements(after).join('\u0002')) return 'reorder';
  return null;
}

/** Modified symbols and parsed files (of `paths`) whose edit is string literals only, or a reordering of top-level statements. */
export function editKinds(cwd: string, sides: DeltaSides, delta: AstDelta, paths: ReadonlySet<string>): Map<string, EditKind> {
  const out = new Map<string, EditKind>();
  const byFile = new Map<string, string[]>(); // file → names ('' = the module's own code)
  for (const n of delta.nodes) {
    if (n.change !== 'modified' || !paths.has(n.path)) continue;
    const at = n.kind === 'file' ? n.path.length : n.path.lastIndexOf(':');
    const file = n.path.slice(0, at);
    byFile.set(file, [...(byFile.get(file) ?? []), n.kind === 'file' ? '' : n.path.slice(at + 1)]);
  }
  for (const [file, names] of byFile) {
    const spec = grammarFor(file);
    const before = spec ? blobText(cwd, sides.base, file) : null;
    const after = spec ? blobText(cwd, sides.target, file) : null;
    if (!spec || before === null || after === null) continue;
    const a = symbolTokens(spec, before);
    const b = symbolTokens(spec, after);
    for (const name of names) {
      const x = a.get(name);
      const y = b.get(name);
      const k = x && y ? kindOf(x, y, name === '') : null;
      if (k) out.set(name === '' ? file : `${file}:${name}`, k);
    }
  }
  return out;
}

/** The first syntax error of each changed file that does not parse. */
export function parseErrorsOf(cwd: string, sides: DeltaSides, delta: AstDelta): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  for (const n of delta.nodes) {
    if (n.kind !== 'file' || !n.parse_error || n.change === 'removed') continue;
    const spec = grammarFor(n.path);
    const text = spec ? blobText(cwd, sides.target, n.path) : null;
    const at = spec && text !== null ? firstSyntaxError(spec, text) : null;
    if (at) out.set(n.path, at);
  }
  return out;
}

// Parses one file and builds its symbol table: every symbol the grammar's symbols.scm names,
// with a qualified name and a hash of its normalized syntax. docs/delta.md is the normative
// description of the hash; change ALGORITHM whenever anything hashed here changes.
import type { GrammarSpec } from '../../grammars/types';
import { symbolsQuery } from '../../grammars/registry';
import { blake3, hashRef } from '../crypto/blake3';
import { ALGORITHM, ALGORITHMS, algorithmLevel, knownAlgorithm } from './algorithm';
import { Injection, repair, typeofImportForParser, typeofImportTokens } from './repair';
import { compileSymbolPatterns, PatternMatch, SymbolPatterns } from './patterns';
import { flatten, FlatReads, FlatTree } from './flat';

export { ALGORITHM } from './algorithm';

export interface SymbolRecord {
  /** qualified name within the file: Outer.inner, with "#N" for the Nth duplicate */
  name: string;
  /** the symbol's own name (last part, without suffix): what a move across files is matched on */
  own: string;
  kind: string;
  /** "blake3:…" of the normalized body (the symbol's own name replaced by a placeholder) */
  hash: string;
}

export interface FileTable {
  lang: string;
  /** hash of the file's own syntax outside every symbol (imports, top-level statements) */
  module: string;
  symbols: SymbolRecord[];
  /** the file did not parse cleanly; symbols touching an error are left out */
  parse_error?: true;
  /** the content was not valid UTF-8 and was decoded with U+FFFD replacement characters */
  invalid_utf8?: true;
}

// What a tree-sitter node type means to the walk, cached per type id.
const COMMENT = 1, VERBATIM = 2, ATTACH = 4, DOC_OWNER = 8, DOC_STMT = 16, ERROR = 32, NAMED = 64;
const DROP = 128, CLOSER = 256, QUOTE = 512;
// aura-symbol/2 normalizations (GrammarSpec.normalize)
const TRANSPARENT = 1024, CLOSER2 = 2048, ARROW_PARAMS = 4096, JSX_TEXT = 8192, LEADING_OP = 16384;
// aura-symbol/3 normalizations
const QUOTED_KEY = 32768, JSX_EXPR = 65536;
// a type symbols.scm names: a node the walk may look up as a symbol (flat.ts reads its start)
const CANDIDATE = 131072;
const ERROR_TYPE_ID = 0xffff;
// A comma right after one of these is not trailing: [,] is an array with a hole.
const OPENERS = new Set(['[', '(', '{', ',']);
// The anonymous children of a transparent node that go with it: its parentheses, a leading operator.
const WRAPPING = new Set(['(', ')', '|', '&']);

interface Loaded {
  parser: any;
  language: unknown;
  source: string; // the symbols query (symbols.scm)
  /** the query matched in JavaScript (patterns.ts), or null when it needs tree-sitter's Query */
  patterns: SymbolPatterns | null;
  query?: any; // tree-sitter's compiled Query, only when used
  names: string[]; // type name by type id, filled as ids are seen
  opens: string[]; // by type id: the token opening a node of the type, "(" + name
  leaves: string[]; // by type id: the prefix of a named leaf's token, "=" + name + "\0"
  fields: string[]; // field name by field id, filled as fields are read
  cls: Int32Array; // flags by type id, -1 until seen
}

const loaded = new Map<string, Loaded>();

let matcher: 'auto' | 'javascript' | 'query' = 'auto';
/** Force one way of matching symbols.scm (bench:symbol-matcher and its test compare them); 'auto' is the default. */
export function useSymbolMatcher(how: 'auto' | 'javascript' | 'query'): void {
  matcher = how;
}

/** The symbols query's matches: by patterns.ts over the flat tree, or by a Query compiled on first use when patterns.ts cannot read the query (or 'query' is forced). */
function symbolMatches(l: Loaded, root: any, flat: FlatTree): PatternMatch[] {
  if (l.patterns && matcher !== 'query') return l.patterns.matches(flat);
  l.query ??= new (require('tree-sitter').Query)(l.language, l.source);
  return l.query.matches(root);
}

function load(spec: GrammarSpec): Loaded {
  let l = loaded.get(spec.name);
  if (!l) {
    const Parser = require('tree-sitter');
    // Without nodeTypeInfo: tree-sitter would otherwise eval one JS class per named node type
    // (a linear search of node-types.json each), ~8 ms for TypeScript on every process, for
    // getters (nameNode, bodyNode …) this module never uses: it reads the generic node API only.
    const language = { ...(spec.language() as object), nodeTypeInfo: undefined };
    const parser = new Parser();
    parser.setLanguage(language);
    const source = symbolsQuery(spec);
    l = { parser, language, source, patterns: compileSymbolPatterns(source), names: [], opens: [], leaves: [], fields: [], cls: new Int32Array(0x10000).fill(-1) };
    loaded.set(spec.name, l);
  }
  return l;
}

function classify(spec: GrammarSpec, l: Loaded, id: number, name: string, named: boolean): number {
  let k = named ? NAMED : 0;
  if (id === ERROR_TYPE_ID) k |= ERROR;
  if (spec.comments.includes(name)) k |= COMMENT;
  if (spec.verbatim.includes(name)) k |= VERBATIM;
  if (spec.attachToNext.includes(name)) k |= ATTACH;
  if (spec.docstringOwners.includes(name)) k |= DOC_OWNER;
  if (spec.docstring && spec.docstring.statement === name) k |= DOC_STMT;
  if (!named && spec.layout.drop.includes(name)) k |= DROP;
  if (!named && spec.layout.trailingCommaBefore.includes(name)) k |= CLOSER;
  if (spec.layout.quotes.includes(name)) k |= QUOTE;
  if (spec.wrappers.includes(name) || l.patterns?.types.has(name)) k |= CANDIDATE;
  const n = spec.normalize;
  if (n) {
    if (named && n.transparent.includes(name)) k |= TRANSPARENT;
    if (!named && n.trailingCommaBefore.includes(name)) k |= CLOSER2;
    if (named && n.arrowParameters === name) k |= ARROW_PARAMS;
    if (named && n.jsxText === name) k |= JSX_TEXT;
    if (named && n.leadingOperator?.includes(name)) k |= LEADING_OP;
    if (named && n.quotedKeys?.string === name) k |= QUOTED_KEY;
    if (named && n.jsxExpression === name) k |= JSX_EXPR;
  }
  l.names[id] = name;
  l.opens[id] = '(' + name;
  l.leaves[id] = '=' + name + '\0';
  l.cls[id] = k;
  return k;
}

/** Text as hashed: line endings normalized so CRLF and LF checkouts agree. */
function lf(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}

interface Sym {
  start: number;
  end: number;
  typeId: number;
  kind: string;
  own: string;
  nameStart: number;
  nameEnd: number;
  name: string; // qualified, suffixed
  broken: boolean;
  hash: string;
}

/** The node itself, or the wrapper around it (export, declare, a one-name const) that holds nothing else. */
function widen(spec: GrammarSpec, node: any): any {
  for (;;) {
    const p = node.parent;
    if (!p || !spec.wrappers.includes(p.type)) return node;
    const own = p.namedChildren.filter((c: any) => !spec.comments.includes(c.type));
    if (own.length !== 1 || own[0].startIndex !== node.startIndex || own[0].endIndex !== node.endIndex) return node;
    node = p;
  }
}

/**
 * A symbol's own name as written, without whitespace; from aura-symbol/2, a quoted name
 * (`declare module 'x'`) in `"`, as its hash reads it; from /3, a quoted property key that
 * could be written unquoted (`"m"() {}`) unquoted.
 */
function ownName(spec: GrammarSpec, nameNode: any, written: string, level: number): string {
  if (level >= 3) {
    const key = plainKey(spec, nameNode, written);
    if (key !== null) return key;
  }
  const n = written.replace(/\s+/g, '');
  return level >= 2 && n.length >= 2 && n[0] === "'" && n[n.length - 1] === "'" ? `"${n.slice(1, -1)}"` : n;
}

/** Symbols named by the query, deduplicated, in document order, with qualified names. */
function findSymbols(spec: GrammarSpec, l: Loaded, root: any, flat: FlatTree, text: string, level: number): Sym[] {
  const byNode = new Map<number, Sym>();
  for (const m of symbolMatches(l, root, flat)) {
    let node: any = null, kind = '', nameNode: any = null;
    for (const cap of m.captures) {
      if (cap.name === 'name') nameNode = cap.node;
      else (node = cap.node), (kind = cap.name);
    }
    if (!node) continue;
    if (spec.wrappers.length) node = widen(spec, node);
    const start = node.startIndex, typeId = node.typeId;
    const key = start * 0x10000 + typeId;
    const prev = byNode.get(key);
    if (prev && (prev.nameStart >= 0 || !nameNode)) continue; // same node twice: keep the named capture
    const nameStart = nameNode ? nameNode.startIndex : -1;
    const nameEnd = nameNode ? nameNode.endIndex : -1;
    byNode.set(key, {
      start, end: node.endIndex, typeId, kind,
      own: nameNode ? ownName(spec, nameNode, text.slice(nameStart, nameEnd), level) : 'default',
      nameStart, nameEnd, name: '', broken: false, hash: '',
    });
  }
  // A definition inside a wrapper that is itself a symbol with the same name node (a
  // decorated Python definition): keep the outermost.
  const byName = new Map<number, Sym>();
  for (const s of byNode.values()) {
    if (s.nameStart < 0) continue;
    const o = byName.get(s.nameStart);
    if (!o) byName.set(s.nameStart, s);
    else if (s.end - s.start > o.end - o.start) byName.set(s.nameStart, s), byNode.delete(o.start * 0x10000 + o.typeId);
    else byNode.delete(s.start * 0x10000 + s.typeId);
  }
  const syms = [...byNode.values()].sort((a, b) => a.start - b.start || b.end - a.end);
  const open: Sym[] = [];
  const seen = new Map<string, number>();
  for (const s of syms) {
    while (open.length && open[open.length - 1].end <= s.start) open.pop();
    const parent = open[open.length - 1];
    if (s.kind === 'function' && parent && parent.kind === 'class') s.kind = 'method';
    const q = parent ? `${parent.name}.${s.own}` : s.own;
    const n = (seen.get(q) ?? 0) + 1;
    seen.set(q, n);
    s.name = n === 1 ? q : `${q}#${n}`;
    open.push(s);
  }
  return syms;
}

function hashDoc(algorithm: string, tokens: string[]): string {
  const body = JSON.stringify(tokens);
  return hashRef(blake3('[' + JSON.stringify(algorithm) + (tokens.length ? ',' + body.slice(1) : ']')));
}

interface Walked {
  table: FileTable;
  streams?: Map<string, string[]>;
}

/**
 * One depth-first pass over the tree. Each token goes to the innermost symbol around it (or
 * to the module), so a symbol's document excludes its members and a change is reported
 * only on the innermost symbol that holds it.
 */
function walk(spec: GrammarSpec, l: Loaded, p: Parsed, keepStreams: boolean): Walked {
  const { tree, text, algorithm } = p;
  const root = tree.rootNode;
  // tokens the repair pass blanked for the parser, emitted before the first leaf at or after them
  const inject = p.inject.length ? p.inject : null;
  let injected = 0;
  const level = algorithmLevel(algorithm);
  const norm = level >= 2; // aura-symbol/2 and later: GrammarSpec.normalize
  const v3 = level >= 3; // aura-symbol/3: quoted keys, JSX {" "}
  const closers = norm ? CLOSER | CLOSER2 : CLOSER;
  const transparentAt: boolean[] = []; // by depth: a node emitted without its marker and parentheses
  const hasError: boolean = root.hasError;
  const crlf = text.indexOf('\r') !== -1; // else no token needs lf()
  // the tree read once (flat.ts): what the walk reads at each node, and the offsets of the
  // strings, JSX expressions and verbatim nodes the normalizations look into
  const reads: FlatReads = {
    kinds: l.cls,
    learn: (id, cur) => classify(spec, l, id, cur.nodeType, cur.nodeIsNamed),
    offsets: CANDIDATE | VERBATIM | (v3 ? QUOTED_KEY | JSX_EXPR : 0),
    starts: 0,
    named: NAMED,
    names: l.names,
    fields: l.fields,
  };
  const flat = flatten(tree, reads, inject !== null, hasError);
  const syms = findSymbols(spec, l, root, flat, text, level);
  const symAt = new Map<number, Sym>();
  const symTypes = new Set<number>();
  for (const s of syms) symAt.set(s.start * 0x10000 + s.typeId, s), symTypes.add(s.typeId);

  const { names, opens, leaves, cls } = l;
  const module: string[] = [];
  let moduleBroken = false;
  const stack: { sym: Sym; depth: number; stream: string[] }[] = [];
  let pending: string[] | null = null; // decorators waiting for the member they precede
  let pendingDepth = -1;
  let attachDepth = -1;
  let errorDepth = -1;
  let docDepth = -1;
  let sink: string[] = module;
  const top = () => (stack.length ? stack[stack.length - 1] : null);
  const base = (): string[] => (attachDepth >= 0 ? pending! : stack.length ? stack[stack.length - 1].stream : module);
  const markBroken = () => {
    const t = top();
    if (t) t.sym.broken = true;
    else moduleBroken = true;
  };
  const finished: Sym[] = [];
  const streams = keepStreams ? new Map<string, string[]>() : undefined;

  const c = flat.cursor();
  let depth = 0;
  for (;;) {
    const id: number = c.nodeTypeId;
    let k = cls[id];
    if (k < 0) k = classify(spec, l, id, c.nodeType, c.nodeIsNamed);
    let skip = (k & COMMENT) !== 0;
    if (!skip) {
      if (pending && depth === pendingDepth && !(k & ATTACH) && !(symTypes.has(id) && symAt.has(c.startIndex * 0x10000 + id))) {
        for (const t of pending) sink.push(t);
        pending = null;
      }
      if (docDepth === depth) {
        docDepth = -1;
        if (k & DOC_STMT) {
          const n = c.currentNode;
          skip = n.childCount === 1 && n.firstChild!.type === spec.docstring!.string;
        }
      }
    }
    if (!skip) {
      if (symTypes.has(id)) {
        const sym = symAt.get(c.startIndex * 0x10000 + id);
        if (sym) {
          let stream: string[] = [];
          if (pending && depth === pendingDepth) (stream = pending), (pending = null);
          if (errorDepth >= 0) sym.broken = true;
          stack.push({ sym, depth, stream });
          sink = stream;
        }
      }
      if (k & ERROR) markBroken();
      if (k & VERBATIM) {
        const t = text.slice(c.startIndex, c.endIndex);
        sink.push('"' + names[id] + '\0' + (crlf ? lf(t) : t));
        skip = true;
      } else if (norm && k & ARROW_PARAMS) skip = arrowParameter(c, text, sink, v3);
      else if (v3 && k & QUOTED_KEY) skip = quotedKey(spec, c, text, sink, top());
      else if (v3 && k & JSX_EXPR) skip = jsxSpace(spec, c, text, sink);
    }
    if (!skip) {
      if (c.gotoFirstChild()) {
        if (k & ATTACH && attachDepth < 0) {
          if (!pending) (pending = []), (pendingDepth = depth);
          attachDepth = depth;
          sink = pending;
        }
        if (k & ERROR && errorDepth < 0) errorDepth = depth;
        if (k & DOC_OWNER) docDepth = depth + 1;
        // a leading `|` or `&` (`type A =\n  | B\n  | C`) wraps the first member in a node of its own
        if (norm && (k & TRANSPARENT || (k & LEADING_OP && leadingOperator(c)))) transparentAt[depth] = true;
        else sink.push(opens[id]);
        depth++;
        continue;
      }
      // a leaf
      if (inject) {
        const s = c.startIndex;
        while (injected < inject.length && inject[injected].at <= s) sink.push(inject[injected++].token);
      }
      if (k & NAMED) {
        const s = c.startIndex;
        const t = top();
        if (t && s >= t.sym.nameStart && s < t.sym.nameEnd) {
          if (s === t.sym.nameStart) sink.push('@name');
        } else {
          const t = crlf ? lf(text.slice(s, c.endIndex)) : text.slice(s, c.endIndex);
          const ti = p.typeofImport ? typeofImportTokens(t) : null;
          if (ti) for (const x of ti) sink.push(x);
          else if (norm && k & JSX_TEXT) {
            const j = jsxText(t);
            if (j) pushJsxText(sink, leaves[id], j, v3);
          } else sink.push(leaves[id] + (k & QUOTE ? t.replace(/'/g, '"') : t));
        }
      } else if (!(k & DROP) && !(depth > 0 && transparentAt[depth - 1] && WRAPPING.has(names[id]))) {
        if (k & closers && sink[sink.length - 1] === ',' && !OPENERS.has(sink[sink.length - 2])) sink.pop();
        sink.push(k & QUOTE ? names[id].replace(/'/g, '"') : names[id]);
      }
      if (hasError && c.nodeIsMissing) markBroken();
    }
    // advance to the next node, closing every node we climb out of
    let done = false;
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent()) {
        done = true;
        break;
      }
      depth--;
      if (pending && pendingDepth > depth) {
        // decorators with no member after them stay with their parent
        const b = base();
        for (const t of pending) b.push(t);
        pending = null;
      }
      if (transparentAt[depth]) transparentAt[depth] = false;
      else sink.push(')');
      if (attachDepth === depth) (attachDepth = -1), (sink = base());
      const t = top();
      if (t && t.depth === depth) {
        stack.pop();
        t.sym.hash = hashDoc(algorithm, t.stream);
        if (streams) streams.set(t.sym.name, t.stream);
        finished.push(t.sym);
        sink = base();
      }
      if (errorDepth === depth) errorDepth = -1;
      if (docDepth > depth) docDepth = -1;
    }
    if (done) break;
  }
  // symbols whose own syntax holds an error are left out; their members are kept
  const symbols: SymbolRecord[] = syms
    .filter((s) => !s.broken && s.hash)
    .map((s) => ({ name: s.name, own: s.own, kind: s.kind, hash: s.hash }));
  const table: FileTable = { lang: spec.name, module: hashDoc(algorithm, module), symbols };
  if (hasError || moduleBroken) table.parse_error = true;
  streams?.set('', module); // the file's own tokens outside every symbol (a name is never empty)
  return { table, streams };
}

// The normalizations' node reads live in small functions of their own rather than inline in
// walk(): measured (bench:delta-ab), the inline form made the whole walk ~5-10 % slower.

/** At an arrow function's `(s)`: hashes it as `s` and returns true (its children are skipped). */
function arrowParameter(c: any, text: string, sink: string[], v3: boolean): boolean {
  const single = singleArrowParameter(c.currentNode, v3);
  if (!single) return false;
  sink.push('=identifier\0' + text.slice(single.startIndex, single.endIndex));
  return true;
}

// A plain identifier (as Prettier's quoteProps unquotes: ES2015 identifier names) or a number
// that prints back as itself (`1`, `1.5`; not `1.0`, `999999999999999999999`).
const IDENTIFIER = /^[$_\p{ID_Start}][$_\u200C\u200D\p{ID_Continue}]*$/u;
const SIMPLE_NUMBER = /^(?:\d+|\d+\.\d+)$/;

/**
 * A quoted property key (`"a"` in `{"a": 1}`, a class member, an interface member, an enum
 * member) that could be written unquoted, as it would be written: else null. `written` is the
 * node's text.
 */
function plainKey(spec: GrammarSpec, node: any, written: string): string | null {
  const q = spec.normalize?.quotedKeys;
  if (!q || node.type !== q.string) return null;
  const inner = written.slice(1, -1);
  if (!IDENTIFIER.test(inner) && !(SIMPLE_NUMBER.test(inner) && String(Number(inner)) === inner)) return null;
  return node.parent && q.parents.includes(node.parent.type) && (written[0] === '"' || written[0] === "'") ? inner : null;
}

/** At a string (aura-symbol/3): a quoted key hashed as the key unquoted; true when done (its children are skipped). */
function quotedKey(spec: GrammarSpec, c: any, text: string, sink: string[], t: { sym: Sym } | null): boolean {
  const start = c.startIndex, end = c.endIndex;
  const written = text.slice(start, end);
  // cheap text checks before any node read: most string literals are not keys
  const inner = written.slice(1, -1);
  if (!IDENTIFIER.test(inner) && !SIMPLE_NUMBER.test(inner)) return false;
  // plainKey's parent test before the field: the flat tree knows parents, a field is read from tree-sitter
  const parent = c.currentNode.parent;
  if (!parent || !spec.normalize!.quotedKeys!.parents.includes(parent.type)) return false;
  const field = c.currentFieldName;
  if (field !== 'key' && field !== 'name' && field !== 'property') return false;
  const key = plainKey(spec, c.currentNode, written);
  if (key === null) return false;
  if (t && start === t.sym.nameStart) sink.push('@name');
  else sink.push((IDENTIFIER.test(key) ? '=property_identifier\0' : '=number\0') + key);
  return true;
}

const JSX_SPACE = /^\{[ \t\n]*(["'])( +)\1[ \t\n]*\}$/;

/** At a JSX expression (aura-symbol/3): `{" "}` hashed as JSX text " "; true when it was one. */
function jsxSpace(spec: GrammarSpec, c: any, text: string, sink: string[]): boolean {
  if (!JSX_SPACE.test(text.slice(c.startIndex, c.endIndex))) return false;
  pushJsxText(sink, '=' + spec.normalize!.jsxText + '\0', ' ', true);
  return true;
}

/**
 * JSX text as hashed; from aura-symbol/3 joined with the JSX text token just before it (the
 * two are one text once `{" "}` is read as a space), runs of spaces as one.
 */
function pushJsxText(sink: string[], prefix: string, j: string, join: boolean): void {
  const last = sink.length ? sink[sink.length - 1] : '';
  if (join && last.startsWith(prefix)) sink[sink.length - 1] = (last + j).replace(/ +/g, ' ');
  else sink.push(prefix + j);
}

/** At the first child of a union or intersection: is it a leading `|` / `&`? */
function leadingOperator(c: any): boolean {
  const t = c.nodeType;
  return t === '|' || t === '&';
}

/**
 * The one plain identifier of an arrow function's parenthesized parameter list (`(s) => …`,
 * hashed as `s => …`), or null: types, defaults, patterns, several parameters or a comment
 * inside keep the list. From aura-symbol/3 also with a trailing comma (`(\n  s,\n) =>`, how
 * Prettier breaks a long one).
 */
function singleArrowParameter(params: any, v3: boolean): any {
  const n = params.childCount;
  if (!(n === 3 || (v3 && n === 4 && params.child(2).type === ',')) || params.parent?.type !== 'arrow_function') return null;
  const p = params.child(1);
  if (p.type === 'identifier') return p;
  if (p.type === 'required_parameter' && p.childCount === 1 && p.child(0).type === 'identifier') return p.child(0);
  return null;
}

/**
 * JSX text as React reads it (Babel's cleanJSXElementLiteralChild: each line trimmed where it
 * meets a line break, blank lines dropped, the lines joined by one space), with runs of spaces
 * as one, as HTML renders them and Prettier prints them. Re-indenting or re-wrapping JSX
 * therefore changes nothing; "" means the text is only layout.
 */
function jsxText(t: string): string {
  if (t.indexOf('\n') === -1) return t.replace(/[ \t]+/g, ' ');
  const lines = t.split('\n');
  let last = -1;
  for (let i = 0; i < lines.length; i++) if (/[^ \t]/.test(lines[i])) last = i;
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/\t/g, ' ');
    if (i > 0) line = line.replace(/^ +/, '');
    if (i < lines.length - 1) line = line.replace(/ +$/, '');
    if (line) out += i === last ? line : line + ' ';
  }
  return out.replace(/ +/g, ' ');
}

interface Parsed {
  algorithm: string;
  tree: any;
  /** the text the tree's offsets refer to (the repair pass may have inserted `;`) */
  text: string;
  inject: Injection[];
  /** the parser read `typeof import("m")` as an identifier (repair.ts, `typeof-import`) */
  typeofImport: boolean;
}

function parse(spec: GrammarSpec, text: string, algorithm: string): { l: Loaded; p: Parsed } {
  if (!knownAlgorithm(algorithm)) throw new Error(`unknown symbol algorithm ${JSON.stringify(algorithm)} (this version computes ${ALGORITHMS.join(', ')})`);
  const l = load(spec);
  // Without bufferSize the binding reads a long string in small chunks, one callback each.
  const level = algorithmLevel(algorithm);
  const plain = (t: string) => l.parser.parse(t, null, { bufferSize: Math.min(t.length + 1, 1 << 24) });
  const typeofImport = level >= 3 && spec.repairs?.includes('typeof-import') === true && typeofImportForParser(text) !== text;
  const run = typeofImport ? (t: string) => plain(typeofImportForParser(t)) : plain;
  const tree = run(text);
  if (tree.rootNode.hasError && level >= 2) {
    const r = repair(spec, text, tree, run, level);
    if (r) return { l, p: { algorithm, tree: r.tree, text: r.text, inject: r.inject, typeofImport } };
  }
  return { l, p: { algorithm, tree, text, inject: [], typeofImport } };
}

/** The symbol table of one file's text. */
export function extractSymbols(spec: GrammarSpec, text: string, algorithm: string = ALGORITHM): FileTable {
  const { l, p } = parse(spec, text, algorithm);
  return walk(spec, l, p, false).table;
}

/** Each symbol's normalized token list, by qualified name (for the similarity of moved symbols); '' is the module's own. */
export function symbolTokens(spec: GrammarSpec, text: string, algorithm: string = ALGORITHM): Map<string, string[]> {
  const { l, p } = parse(spec, text, algorithm);
  return walk(spec, l, p, true).streams!;
}

/** Where the text first fails to parse (1-based line and column), after the repair pass, or null when it parses. */
export function firstSyntaxError(spec: GrammarSpec, text: string, algorithm: string = ALGORITHM): { line: number; column: number } | null {
  const { tree } = parse(spec, text, algorithm).p;
  if (!tree.rootNode.hasError) return null;
  let node = tree.rootNode;
  // descend into the first child holding the error until the ERROR or MISSING node itself
  for (;;) {
    if (node.type === 'ERROR' || node.isMissing) break;
    const next = node.children.find((c: any) => c.hasError || c.isMissing || c.type === 'ERROR');
    if (!next) break;
    node = next;
  }
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true }); // also drops a leading BOM

/** Source text of a blob: UTF-8, or, when the bytes are not valid UTF-8, decoded with U+FFFD replacements (never an exception). */
export function decodeSource(bytes: Uint8Array): { text: string; invalid: boolean } {
  try {
    return { text: strictUtf8.decode(bytes), invalid: false };
  } catch {
    return { text: Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''), invalid: true };
  }
}

/** The symbol table of a blob's bytes. */
export function extractBlob(spec: GrammarSpec, bytes: Uint8Array, algorithm: string = ALGORITHM): FileTable {
  const { text, invalid } = decodeSource(bytes);
  const table = extractSymbols(spec, text, algorithm);
  if (invalid) table.invalid_utf8 = true;
  return table;
}

// The symbols query of a grammar (grammars/<name>/symbols.scm), matched in JavaScript instead of
// by tree-sitter's Query. Compiling a Query analyses the grammar's whole parse table: ~44 ms of
// CPU for TypeScript on every process that parses a file, most of a commit hook's own work,
// while matching these few patterns over a tree read once by flat.ts costs little. The .scm file
// stays the one definition of what a symbol is; this module reads the subset of the query
// language those files use — node patterns `(type …)` and `(_)`, fields `name: …`,
// alternations `[…]`, captures `@kind` — and compileSymbolPatterns returns null for anything
// else (strings, anchors, quantifiers, predicates, negated fields), so extract.ts falls back to
// tree-sitter's Query. `npm run bench:symbol-matcher` checks, file by file over the corpus,
// that both give the same symbols and hashes.
//
// Matching follows tree-sitter's semantics for that subset: a pattern matches a node anywhere
// in the tree; child patterns match direct children, in order, with other children between;
// a field pattern matches only a child in that field; a type matches named nodes of that type,
// `(_)` any named node; every combination of matching children is its own match.

import type { FlatCursor, FlatNode, FlatTree } from './flat';

/** One node pattern: its type (null for `(_)`), captures, and child patterns in order. */
interface NodePattern {
  type: string | null;
  captures: string[];
  children: { field: string | null; options: NodePattern[] }[];
}

export interface PatternMatch {
  captures: { name: string; node: any }[];
}

export interface SymbolPatterns {
  /** every match in the tree, in document order of the pattern's root node */
  matches(tree: FlatTree): PatternMatch[];
  /** every node type the patterns name: the nodes a symbol can be */
  types: Set<string>;
}

// A token of the subset: comment, space, bracket, `@capture`, `field:`, node type — or anything else.
const TOKEN = /;[^\n]*|\s+|[()[\]]|@?[A-Za-z_][A-Za-z0-9_.-]*:?|[^]/gy;

/** Tokens of the query subset; null when the text holds anything outside it. */
function tokenize(src: string): string[] | null {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(src); m; m = TOKEN.exec(src)) {
    const t = m[0];
    const c = t.charCodeAt(0);
    if (c === 59 /* ; */ || /^\s/.test(t)) continue;
    if (t.length === 1 && !/[()[\]A-Za-z_]/.test(t)) return null; // strings, anchors, quantifiers, predicates, negated fields …
    out.push(t);
  }
  return out;
}

class Reader {
  private at = 0;
  constructor(private readonly tokens: string[]) {}
  peek(): string | undefined {
    return this.tokens[this.at];
  }
  next(): string | undefined {
    return this.tokens[this.at++];
  }
  done(): boolean {
    return this.at >= this.tokens.length;
  }
}

const isName = (t: string | undefined): t is string => t !== undefined && /^[A-Za-z_]/.test(t) && !t.endsWith(':');

/** A pattern or an alternation, with its trailing captures: the node patterns it may be. */
function readOptions(r: Reader): NodePattern[] | null {
  let options: NodePattern[] | null;
  const t = r.next();
  if (t === '(') {
    const type = r.next();
    if (!isName(type)) return null;
    const node: NodePattern = { type: type === '_' ? null : type, captures: [], children: [] };
    while (r.peek() !== ')') {
      let field: string | null = null;
      const f = r.peek();
      if (f === undefined) return null;
      if (f.endsWith(':') && !f.startsWith('@')) (field = f.slice(0, -1)), r.next();
      const child = readOptions(r);
      if (!child) return null;
      node.children.push({ field, options: child });
    }
    r.next();
    options = [node];
  } else if (t === '[') {
    options = [];
    while (r.peek() !== ']') {
      if (r.peek() === undefined) return null;
      const o = readOptions(r);
      if (!o) return null;
      options.push(...o);
    }
    r.next();
  } else return null;
  const caps: string[] = [];
  while (r.peek()?.startsWith('@')) caps.push(r.next()!.slice(1));
  if (caps.length) options = options.map((o) => ({ ...o, captures: [...o.captures, ...caps] }));
  return options;
}

// Matching moves a cursor over the tree read once by flat.ts (no call into tree-sitter per
// step) and reads only numbers and short strings from it; nodes are made only for captures of
// a complete match, from their descendant index.

type Caps = { name: string; at: number }[];

/** Names by tree-sitter id, learnt from the cursor as ids are first seen (one grammar's ids). */
interface Names {
  types: (string | null | undefined)[]; // a named node's type; null: anonymous
  fields: (string | null | undefined)[];
}

class CursorMatcher {
  /** `c`: a cursor made at the candidate root (descendant index 0) */
  constructor(
    readonly c: FlatCursor,
    private readonly names: Names,
  ) {}

  /**
   * Every way the cursor's node (named, of type `type`) matches `p`: one capture list per way.
   * The children are read in one pass, advancing every partial match a child fits (as
   * tree-sitter's own matcher does); the cursor ends where it started.
   */
  match(type: string, p: NodePattern): Caps[] {
    if (p.type !== null && type !== p.type) return [];
    const { c, names } = this;
    const own = p.captures.map((name) => ({ name, at: c.currentDescendantIndex as number }));
    const n = p.children.length;
    if (!n) return [own];
    // partial matches (steps matched so far) and complete ones: a complete match takes no more
    // children, so it leaves `partial` (a program of 10,000 top-level matches stays linear)
    const partial: { ci: number; acc: Caps }[] = [{ ci: 0, acc: [] }];
    const complete: Caps[] = [];
    if (c.gotoFirstChild()) {
      do {
        const t: number = c.nodeTypeId;
        let kid = names.types[t];
        if (kid === undefined) kid = names.types[t] = c.nodeIsNamed ? c.nodeType : null;
        if (kid === null) continue; // the patterns name named nodes only
        // the child's field, read only when a pattern asks for one (most children are never asked)
        let field: string | null | undefined;
        const fieldOf = (): string | null => {
          const f: number = c.currentFieldId ?? 0;
          let name = names.fields[f];
          if (name === undefined) name = names.fields[f] = f ? (c.currentFieldName ?? null) : null;
          return name;
        };
        const advanced: typeof partial = [];
        for (const st of partial) {
          const want = p.children[st.ci];
          if (want.field !== null && (field === undefined ? (field = fieldOf()) : field) !== want.field) continue;
          for (const o of want.options) {
            for (const caps of this.match(kid, o)) {
              if (st.ci + 1 === n) complete.push([...own, ...st.acc, ...caps]);
              else advanced.push({ ci: st.ci + 1, acc: [...st.acc, ...caps] });
            }
          }
        }
        partial.push(...advanced); // the earlier states stay: a later sibling may fit them too
      } while (c.gotoNextSibling());
      c.gotoParent();
    }
    return complete;
  }

  /** The node at a descendant index of the candidate root. */
  node(at: number): FlatNode {
    this.c.gotoDescendant(at);
    return this.c.currentNode;
  }
}

/** The patterns of a symbols query, or null when it uses syntax outside the subset above. */
export function compileSymbolPatterns(source: string): SymbolPatterns | null {
  const tokens = tokenize(source);
  if (!tokens) return null;
  const r = new Reader(tokens);
  const patterns: NodePattern[][] = [];
  while (!r.done()) {
    const p = readOptions(r);
    if (!p) return null;
    patterns.push(p);
  }
  const roots: NodePattern[] = patterns.flat();
  // `(_)` at the root would mean trying every node: not a symbols query this subset serves
  if (roots.some((p) => p.type === null)) return null;
  const rootTypes = new Set(roots.map((p) => p.type!));
  const types = new Set<string>();
  const collect = (p: NodePattern): void => {
    if (p.type !== null) types.add(p.type);
    for (const c of p.children) c.options.forEach(collect);
  };
  roots.forEach(collect);
  const names: Names = { types: [], fields: [] }; // this object serves one grammar (extract.ts Loaded)
  const isRoot: boolean[] = []; // by type id
  return {
    types,
    matches(tree: FlatTree): PatternMatch[] {
      const out: PatternMatch[] = [];
      // candidate roots in document order, as tree-sitter's descendantsOfType finds them
      for (let i = 0; i < tree.n; i++) {
        const id = tree.typeId(i);
        let root = isRoot[id];
        if (root === undefined) root = isRoot[id] = rootTypes.has(tree.typeName(i));
        if (!root) continue;
        const m = new CursorMatcher(tree.cursor(i), names);
        if (!m.c.nodeIsNamed) continue; // an anonymous token spelled like a type (`module`, `class`)
        const type: string = m.c.nodeType;
        const found: Caps[] = [];
        for (const p of roots) if (p.type === type) found.push(...m.match(type, p)); // the cursor stays at the root
        for (const caps of found) out.push({ captures: caps.map((cap) => ({ name: cap.name, node: m.node(cap.at) })) });
      }
      return out;
    },
  };
}

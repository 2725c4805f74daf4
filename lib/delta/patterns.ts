// The symbols query of a grammar (grammars/<name>/symbols.scm), matched in JavaScript instead of
// by tree-sitter's Query. Compiling a Query analyses the grammar's whole parse table: ~44 ms of
// CPU for TypeScript on every process that parses a file, most of a commit hook's own work,
// while matching these few patterns over a tree costs well under a millisecond. The .scm file
// stays the one definition of what a symbol is; this module reads the subset of the query
// language those files use — node patterns `(type …)` and `(_)`, fields `name: …`,
// alternations `[…]`, captures `@kind` — and compileSymbolPatterns returns null for anything
// else (strings, anchors, quantifiers, predicates, negated fields), so extract.ts falls back to
// tree-sitter's Query. `npm run bench:parse-corpus -- --matcher` checks, file by file over the
// corpus, that both give the same symbols and hashes.
//
// Matching follows tree-sitter's semantics for that subset: a pattern matches a node anywhere
// in the tree; child patterns match direct children, in order, with other children between;
// a field pattern matches only a child in that field; a type matches named nodes of that type,
// `(_)` any named node; every combination of matching children is its own match.

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
  /** every match in the tree under `root`, in document order of the pattern's root node */
  matches(root: any): PatternMatch[];
}

/** Tokens of the query subset; null when the text holds anything outside it. */
function tokenize(src: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ';') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (/\s/.test(c)) i++;
    else if ('()[]'.includes(c)) out.push(c), i++;
    else {
      const m = /^@?[A-Za-z_][A-Za-z0-9_.-]*:?/.exec(src.slice(i, i + 200));
      if (!m) return null; // strings, anchors, quantifiers, predicates, negated fields …
      out.push(m[0]);
      i += m[0].length;
    }
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

/** The children of `node` with the field each is in (one cursor pass). */
function childrenOf(node: any): { node: any; field: string | null }[] {
  const out: { node: any; field: string | null }[] = [];
  const c = node.walk();
  if (!c.gotoFirstChild()) return out;
  do {
    if (c.nodeIsNamed) out.push({ node: c.currentNode, field: c.currentFieldName ?? null });
  } while (c.gotoNextSibling());
  return out;
}

type Kids = (node: any) => { node: any; field: string | null }[];

/** Every way `node` matches `p`: one capture list per way (empty when it does not match). */
function matchNode(node: any, p: NodePattern, kidsOf: Kids, type: string = node.type): PatternMatch['captures'][] {
  if (p.type !== null && type !== p.type) return [];
  if (!node.isNamed) return [];
  const own = p.captures.map((name) => ({ name, node }));
  if (!p.children.length) return [own];
  const kids = kidsOf(node);
  const results: PatternMatch['captures'][] = [];
  const step = (ci: number, from: number, acc: PatternMatch['captures']): void => {
    if (ci === p.children.length) {
      results.push([...own, ...acc]);
      return;
    }
    const want = p.children[ci];
    for (let i = from; i < kids.length; i++) {
      if (want.field !== null && kids[i].field !== want.field) continue;
      const kid = kids[i].node;
      const type = kid.type;
      for (const o of want.options) for (const caps of matchNode(kid, o, kidsOf, type)) step(ci + 1, i + 1, [...acc, ...caps]);
    }
  };
  step(0, 0, []);
  return results;
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
  const rootTypes = [...new Set(roots.map((p) => p.type!))];
  return {
    matches(root: any): PatternMatch[] {
      const out: PatternMatch[] = [];
      // a node's children are listed once, however many patterns look at them
      const listed = new Map<object, { node: any; field: string | null }[]>();
      const kidsOf: Kids = (node) => {
        let k = listed.get(node);
        if (!k) listed.set(node, (k = childrenOf(node)));
        return k;
      };
      // tree-sitter finds the candidate roots natively (one pass over the tree, in document order)
      for (const node of root.descendantsOfType(rootTypes)) {
        if (!node.isNamed) continue; // an anonymous token spelled like a type (`module`, `class`)
        const type = node.type;
        for (const p of roots) {
          if (p.type !== type) continue;
          for (const captures of matchNode(node, p, kidsOf, type)) out.push({ captures });
        }
      }
      return out;
    },
  };
}

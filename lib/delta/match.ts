// From the two sides of every changed file to the ast_delta of SPEC.md: which symbols were
// added, modified, removed, renamed (same file, same body, new name) or moved (another file:
// same body, or same own name with a body at least MOVE_SIMILARITY alike). The rules are
// stated in docs/delta.md; the order of every choice below is fixed so the result is too.
import type { AstDelta, ChangeKind, DeltaNode } from '../entry/types';
import type { FileTable, SymbolRecord } from './extract';
import { MOVE_SIMILARITY, similarity } from './similarity';

export type ContentKind = 'text' | 'binary' | 'too_large' | 'unsupported' | 'symlink' | 'submodule';

/** One side of a changed file. */
export interface FileState {
  path: string;
  mode: string;
  content: ContentKind;
  /** file-level hash: the module hash for parsed text, else BLAKE3 of the raw content */
  hash: string;
  table?: FileTable;
}

export interface FilePair {
  old: FileState | null;
  new: FileState | null;
}

/** The normalized tokens of a symbol, for similarity; only asked for rare move candidates. */
export type TokensOf = (side: FileState, name: string) => string[] | undefined;

interface Candidate {
  side: FileState;
  sym: SymbolRecord;
  pair: number;
  used: boolean;
}

const sym = (file: string, name: string) => `${file}:${name}`;

function fileNode(p: FilePair): DeltaNode | null {
  const { old, new: nu } = p;
  const any = (nu ?? old)!;
  let change: ChangeKind;
  if (!old) change = 'added';
  else if (!nu) change = 'removed';
  else if (old.path !== nu.path) change = 'moved';
  else if (old.hash !== nu.hash || old.content !== nu.content || old.mode !== nu.mode || nu.table?.parse_error) change = 'modified';
  else return null;
  const node: DeltaNode = { path: any.path, kind: 'file', change, before: old ? old.hash : null, after: nu ? nu.hash : null };
  if (change === 'moved') node.from = old!.path;
  node.content = any.content;
  if (old && nu && old.mode !== nu.mode) (node.old_mode = old.mode), (node.new_mode = nu.mode);
  if (nu?.table?.parse_error) node.parse_error = true;
  if (nu?.table?.invalid_utf8) node.invalid_utf8 = true;
  return node;
}

export function buildDelta(pairs: FilePair[], tokensOf: TokensOf, algorithm: string): AstDelta {
  const nodes: DeltaNode[] = [];
  const removed: Candidate[] = [];
  const added: Candidate[] = [];

  pairs.forEach((p, i) => {
    const f = fileNode(p);
    if (f) nodes.push(f);
    const before = p.old?.table?.symbols ?? [];
    const after = p.new?.table?.symbols ?? [];
    const afterByName = new Map(after.map((s) => [s.name, s]));
    const beforeNames = new Set(before.map((s) => s.name));
    const moved = !!(p.old && p.new && p.old.path !== p.new.path);
    for (const b of before) {
      const a = afterByName.get(b.name);
      if (!a) {
        removed.push({ side: p.old!, sym: b, pair: i, used: false });
        continue;
      }
      if (!moved && a.hash === b.hash && a.kind === b.kind) continue;
      const n: DeltaNode = { path: sym(p.new!.path, a.name), kind: a.kind, change: moved ? 'moved' : 'modified', before: b.hash, after: a.hash };
      if (moved) n.from = sym(p.old!.path, b.name);
      nodes.push(n);
    }
    for (const a of after) if (!beforeNames.has(a.name)) added.push({ side: p.new!, sym: a, pair: i, used: false });
  });

  const pairUp = (r: Candidate, a: Candidate) => {
    r.used = a.used = true;
    const sameFile = r.side.path === a.side.path;
    nodes.push({
      path: sym(a.side.path, a.sym.name),
      kind: a.sym.kind,
      change: sameFile ? 'renamed' : 'moved',
      before: r.sym.hash,
      after: a.sym.hash,
      from: sym(r.side.path, r.sym.name),
    });
  };
  const byPath = (x: Candidate, y: Candidate) => cmp(x.side.path, y.side.path) || cmp(x.sym.name, y.sym.name);
  removed.sort(byPath);
  added.sort(byPath);

  // Candidates grouped by what each rule matches on, each group in sorted order, so every
  // rule takes the first unused fitting candidate without scanning all of them.
  const group = (key: (c: Candidate) => string) => {
    const m = new Map<string, Candidate[]>();
    for (const a of added) {
      const k = key(a);
      const list = m.get(k);
      if (list) list.push(a);
      else m.set(k, [a]);
    }
    return m;
  };
  const byBody = group((c) => `${c.sym.kind}\0${c.sym.hash}`);
  const firstUnused = (list: Candidate[] | undefined, fits: (a: Candidate) => boolean) => list?.find((a) => !a.used && fits(a));

  // 1. renamed: the same file (or the same file renamed), the same body, another name
  for (const r of removed) {
    const a = firstUnused(byBody.get(`${r.sym.kind}\0${r.sym.hash}`), (x) => x.pair === r.pair);
    if (a) pairUp(r, a);
  }
  // 2. moved: another file, the same body
  for (const r of removed) {
    if (r.used) continue;
    const a = firstUnused(byBody.get(`${r.sym.kind}\0${r.sym.hash}`), (x) => x.pair !== r.pair);
    if (a) pairUp(r, a);
  }
  // 3. moved: another file, the same own name and kind, a similar body (the most similar wins)
  const byName = group((c) => `${c.sym.kind}\0${c.sym.own}`);
  for (const r of removed) {
    if (r.used) continue;
    let best: Candidate | null = null, bestScore = MOVE_SIMILARITY;
    for (const a of byName.get(`${r.sym.kind}\0${r.sym.own}`) ?? []) {
      if (a.used || a.pair === r.pair) continue;
      const ta = tokensOf(a.side, a.sym.name), tr = tokensOf(r.side, r.sym.name);
      if (!ta || !tr) continue;
      const s = similarity(tr, ta);
      if (s >= bestScore && (!best || s > bestScore)) (best = a), (bestScore = s);
    }
    if (best) pairUp(r, best);
  }

  for (const r of removed) {
    if (r.used) continue;
    const n: DeltaNode = { path: sym(r.side.path, r.sym.name), kind: r.sym.kind, change: 'removed', before: r.sym.hash, after: null };
    // a symbol may only seem gone because the new version of its file does not parse
    if (pairs[r.pair].new?.table?.parse_error) n.parse_error = true;
    nodes.push(n);
  }
  for (const a of added) {
    if (!a.used) nodes.push({ path: sym(a.side.path, a.sym.name), kind: a.sym.kind, change: 'added', before: null, after: a.sym.hash });
  }

  nodes.sort((x, y) => cmp(x.path, y.path) || cmp(x.change, y.change) || cmp(x.from ?? '', y.from ?? ''));
  let nAdded = 0, nRemoved = 0;
  for (const n of nodes) {
    if (n.change === 'added') nAdded++;
    else if (n.change === 'removed') nRemoved++;
  }
  return { added: nAdded, modified: nodes.length - nAdded - nRemoved, removed: nRemoved, nodes, algorithm };
}

/** Code-unit order, the order of RFC 8785 and of JavaScript's default sort. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

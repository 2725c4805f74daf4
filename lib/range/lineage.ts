// Which logged entry last changed each symbol, at a revision: the entries' ast_delta folded
// along the commit graph (bound.ts), following renames and moves. State flows from parent to
// child, so a commit sees only its own ancestors' changes; at a merge, a symbol the merge's
// delta (taken against its first parent) brings unchanged from another parent keeps that
// parent's attribution instead of being credited to the merge. Nothing is guessed: a commit
// without a binding entry changes nothing here, and a symbol no logged entry names has no state.
import type { ChangeKind, DeltaNode, Entry } from '../entry/types';
import type { BoundCommit } from './bound';

/** One logged change of a symbol. */
export interface SymbolEvent {
  entry: string; // entry id
  entry_hash: string;
  commit: string; // the commit the entry binds
  via: 'trailer' | 'backfill';
  ts: string; // the entry's timestamp
  author: { kind: string; key_id: string | null; pubkey: string };
  change: Exclude<ChangeKind, 'removed'>;
  from: string | null; // "file:Qualified.name" before a rename or move
  after: string; // the symbol hash the entry records
  algorithm: string | null; // the symbol algorithm of the entry's ast_delta
}

export interface SymbolState {
  last: SymbolEvent;
  /** the entry that added it, followed back through renames and moves; null when it predates the log or an unlogged commit added it */
  created: SymbolEvent | null;
}

/** Symbol key ("file:Qualified.name", as ast_delta nodes name symbols) → its state. */
export type SymbolStates = Map<string, SymbolState>;

function eventOf(b: BoundCommit, e: Entry, n: DeltaNode): SymbolEvent {
  const alg = (e.ast_delta as { algorithm?: unknown }).algorithm;
  return {
    entry: e.id,
    entry_hash: e.hash,
    commit: b.commit.sha,
    via: b.via!,
    ts: e.ts,
    author: { kind: e.author.kind, key_id: typeof e.author.id === 'string' ? e.author.id : null, pubkey: e.author.pubkey },
    change: n.change as SymbolEvent['change'],
    from: typeof n.from === 'string' ? n.from : null,
    after: n.after as string,
    algorithm: typeof alg === 'string' ? alg : null,
  };
}

function apply(state: SymbolStates, others: SymbolStates[], b: BoundCommit, e: Entry): void {
  const nodes = (e.ast_delta as { nodes?: unknown } | undefined)?.nodes;
  if (!Array.isArray(nodes)) return;
  for (const n of nodes as DeltaNode[]) {
    if (!n || n.kind === 'file' || typeof n.path !== 'string') continue; // file nodes are not symbols
    if (n.change === 'removed') {
      state.delete(n.path);
      continue;
    }
    if (typeof n.after !== 'string') continue;
    const moved = (n.change === 'renamed' || n.change === 'moved') && typeof n.from === 'string';
    const prior = state.get(moved ? n.from! : n.path);
    if (moved) state.delete(n.from!);
    const carried = others.map((o) => o.get(n.path)).find((s) => s !== undefined && s.last.after === n.after);
    if (carried) {
      state.set(n.path, carried);
      continue;
    }
    const ev = eventOf(b, e, n);
    state.set(n.path, { last: ev, created: n.change === 'added' ? ev : (prior?.created ?? null) });
  }
}

/** The symbol states at commit `tip`, folded over `history` (boundCommits of tip, oldest first). */
export function symbolStates(history: BoundCommit[], tip: string): SymbolStates {
  // a state is kept until the last child that needs it has read it; a line of history mutates one map
  const pending = new Map<string, number>();
  for (const b of history) for (const p of b.commit.parents) pending.set(p, (pending.get(p) ?? 0) + 1);
  const states = new Map<string, SymbolStates>();
  const release = (sha: string) => {
    const n = (pending.get(sha) ?? 1) - 1;
    pending.set(sha, n);
    if (n <= 0) states.delete(sha);
  };
  for (const b of history) {
    const [first, ...rest] = b.commit.parents;
    const base = first === undefined ? undefined : states.get(first);
    // the only child left takes the map itself; otherwise a copy (records are never mutated)
    const state: SymbolStates = base === undefined ? new Map() : pending.get(first) === 1 ? base : new Map(base);
    const others = rest.map((p) => states.get(p)).filter((s): s is SymbolStates => s !== undefined);
    if (b.entry) apply(state, others, b, b.entry);
    else for (const o of others) for (const [k, s] of o) if (!state.has(k)) state.set(k, s); // unlogged merge: what each side knew
    for (const p of b.commit.parents) release(p);
    states.set(b.commit.sha, state);
    if (b.commit.sha === tip) return state;
  }
  return states.get(tip) ?? new Map();
}

// ROLLBACK or FORK: what an incoming log is, next to the tips this clone saw on the same ref.
// The chain makes tips enough: an entry's hash commits to its parents, so a log that still
// holds every seen tip holds everything this clone saw (the verifier checks the hashes).
import { ancestry, graphOf, holdsEntry, LogGraph, tipsOf } from './graph';

export type Verdict = 'OK' | 'ROLLBACK' | 'FORK';

export interface Comparison {
  verdict: Verdict;
  /** seen tips the incoming log lacks */
  missing: string[];
  /** entries this clone saw that the incoming log lacks (tips and their ancestors), oldest first */
  gone: { hash: string; id: string | null }[];
  /** FORK: the last seen entries the incoming log still shares, where it branches off */
  forkPoint: string[];
  /** FORK: the incoming log's tips that do not descend from what was seen */
  incomingTips: string[];
}

/** What a ref that holds everything seen compares as. */
export const NOTHING_MISSING: Comparison = { verdict: 'OK', missing: [], gone: [], forkPoint: [], incomingTips: [] };

/**
 * `incoming`: the log now on the ref (null: the ref has no log at all). `seenTips`: what was
 * seen on it. `seenLog`: a log that holds what was seen (to name every entry that is gone and
 * to tell a cut from a fork); without one only the missing tips are named.
 */
export function compareWithSeen(incoming: Buffer | null, seenTips: string[], seenLog: () => Buffer | null): Comparison {
  const text = incoming ?? Buffer.alloc(0);
  const missing = seenTips.filter((t) => !holdsEntry(text, t));
  if (missing.length === 0) return NOTHING_MISSING;
  const now = graphOf(text);
  const before = seenGraph(seenLog(), seenTips);
  if (!before) {
    // Nothing left to tell a cut from a fork by: every entry of the incoming log is new to us.
    const verdict = now.parents.size === 0 ? 'ROLLBACK' : 'FORK';
    return { verdict, missing, gone: missing.map((hash) => ({ hash, id: null })), forkPoint: [], incomingTips: verdict === 'FORK' ? tipsOf(now) : [] };
  }
  const seen = ancestry(before, seenTips);
  const gone = [...before.parents.keys()].filter((h) => seen.has(h) && !now.parents.has(h)).map((hash) => ({ hash, id: before.ids.get(hash) ?? null }));
  const fresh = [...now.parents.keys()].filter((h) => !seen.has(h));
  if (fresh.length === 0) return { verdict: 'ROLLBACK', missing, gone, forkPoint: [], incomingTips: [] };
  // Entries new to this clone that do not descend from a seen tip: the log was rewritten from
  // the seen entries they build on (new entries on top of every seen tip would have made
  // `missing` empty).
  const forkPoint = new Set<string>();
  for (const h of fresh) for (const p of now.parents.get(h) ?? []) if (seen.has(p)) forkPoint.add(p);
  const freshSet = new Set(fresh);
  return { verdict: 'FORK', missing, gone, forkPoint: [...forkPoint].sort(), incomingTips: tipsOf(now).filter((t) => freshSet.has(t)) };
}

/** The graph of the log that held the seen tips, if it still holds them. */
function seenGraph(text: Buffer | null, seenTips: string[]): LogGraph | null {
  if (!text) return null;
  const g = graphOf(text);
  return seenTips.every((t) => g.parents.has(t)) ? g : null;
}

// The history of a revision with its evidence: every commit reachable from it, parents before
// children, each with the commit entry that binds it — its Aura-Intent trailer naming an entry
// bound to exactly this commit (parents, tree without .aura/, the same test as
// `aura audit verify --range`), or a backfill entry naming it — or none: commit → entry, for
// `aura graph export`, which folds a revision's whole history. (`aura trace` goes the other
// way, entry → the commits naming it, for the few entries it shows: lib/trace/commits.ts.)
// Only the entries such a commit names are kept, so a long log costs one streaming read.
import { existsSync } from 'node:fs';
import type { Entry } from '../entry/types';
import { treeIdsWithoutAura } from '../git/binding';
import type { CommitObject } from '../git/commit-object';
import { readAuraTrailer } from '../intent/message';
import { readEntries } from '../log/read';
import { rangeCommits, same, trailerBinding } from './check';

export interface BoundCommit {
  commit: CommitObject;
  /** the commit entry that binds this commit, null when none does (unlogged, or its entry does not match it) */
  entry: Entry | null;
  /** how the entry binds it: its own trailer, or an `aura audit backfill` entry naming the commit */
  via: 'trailer' | 'backfill' | null;
}

/**
 * The commits of `revs` (rev-list arguments: a revision, or a range), oldest first in
 * topological order, each with its binding entry. A missing log binds nothing.
 */
export async function boundCommits(revs: string[], opts: { cwd: string; logPath: string }): Promise<BoundCommit[]> {
  const commits = rangeCommits(revs, opts.cwd);
  const messages = commits.map((c) => c.message.toString('utf8'));
  const trailers = new Set<string>();
  for (const m of messages) {
    const t = readAuraTrailer(m);
    if (t) trailers.add(t.id);
  }
  const shas = new Set(commits.map((c) => c.sha));
  const byId = new Map<string, Entry>();
  const backfilled = new Map<string, Entry[]>();
  if (commits.length > 0 && existsSync(opts.logPath)) {
    for await (const { entry } of readEntries(opts.logPath)) {
      if (entry.capability !== 'commit') continue;
      if (trailers.has(entry.id)) byId.set(entry.id, entry);
      if (entry.backfilled === true && typeof entry.commit === 'string' && shas.has(entry.commit)) {
        const list = backfilled.get(entry.commit) ?? [];
        list.push(entry);
        backfilled.set(entry.commit, list);
      }
    }
  }
  const trees = treeIdsWithoutAura(commits.map((c) => c.tree), opts.cwd);
  return commits.map((c, i) => {
    const own = trailerBinding<Entry>(c, messages[i], trees[i], byId);
    if (!('category' in own)) return { commit: c, entry: own, via: 'trailer' };
    const late = (backfilled.get(c.sha) ?? []).find((e) => same(e.commit_parents, c.parents) && e.tree === trees[i]);
    return late ? { commit: c, entry: late, via: 'backfill' } : { commit: c, entry: null, via: null };
  });
}

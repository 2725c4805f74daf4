// post-commit for a commit that re-does or undoes another: `git cherry-pick` (one, a range,
// -x, concluded by `--continue` or `git commit` after a conflict), `git revert`, and a commit
// whose message was copied from a logged commit (`cherry-pick --no-commit` then `git commit`,
// `git commit -c`). Git's sequencer runs neither pre-commit nor commit-msg for its commits,
// and the message it copies carries the original's trailer. The commit is logged like a
// rebased one (relog-chain.ts): own entry, delta against its first parent, `supersedes` = the
// copied trailer's entry, log mended. A cherry-pick or revert of several commits is logged
// once, after its last commit: the sequencer keeps its index in memory between picks, so
// replacing HEAD under it before then would make the next pick fail.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../git/exec';
import type { CommitSnapshot } from '../git/commit-object';
import type { Repo } from '../repo';
import { currentBranch } from './context';
import { relogChain } from './relog-chain';
import type { Pick } from './rewrite-kind';
import { auraHashesIn } from './rewrites';

/** Commands left in a running cherry-pick/revert sequence (the current one included), or null outside one. */
function sequenceLeft(repo: Repo): number | null {
  const todo = join(repo.gitDir, 'sequencer', 'todo');
  if (!existsSync(todo)) return null;
  return readFileSync(todo, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).length;
}

/** Logs HEAD (a pick, revert or copy: rewrite-kind.ts) and folds the entry into it; for a sequence, all of it at its end. */
export async function relogPick(repo: Repo, snap: CommitSnapshot, pick: Pick): Promise<number> {
  const head = snap.commit.sha;
  const left = sequenceLeft(repo);
  if (left !== null && left > 1) return 0; // logged with the sequence's last commit
  const start = left !== null ? readFileSync(join(repo.gitDir, 'sequencer', 'head'), 'utf8').trim() : null;
  const ids = start ? git(['rev-list', '--reverse', '--topo-order', head, '--not', start, '--'], { cwd: repo.root }).split('\n').filter(Boolean) : [head];
  await relogChain(repo, {
    what: pick.kind,
    ids,
    branch: currentBranch(repo),
    fresh: () => true,
    keep: [],
    supersedes: (c) => (pick.kind === 'revert' ? [] : auraHashesIn(c.message.toString('utf8'))),
    relogHint: 'git commit --amend --no-edit',
  });
  return 0;
}

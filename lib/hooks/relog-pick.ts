// post-commit for a commit that re-does or undoes another: `git cherry-pick` (one, a range,
// -x, concluded by `--continue` or `git commit` after a conflict), `git revert`, and a commit
// whose message was copied from a logged commit (`cherry-pick --no-commit` then `git commit`,
// `git commit -c`). Git's sequencer runs neither pre-commit nor commit-msg for its commits, and
// the message it copies carries the original's trailer. Here the commit gets its own entry
// (delta against its first parent, `supersedes` = the copied trailer's entry), its log is
// mended (lib/hooks/log-union.ts) and both are folded into it like a plain commit's.
import type { Entry } from '../entry/types';
import { snapshotTreeWithoutAura } from '../git/binding';
import type { CommitSnapshot } from '../git/commit-object';
import { intentFromMessage, readAuraTrailer } from '../intent/message';
import type { Repo } from '../repo';
import { currentBranch } from './context';
import type { Pick } from './rewrite-kind';
import { foldIntoHead } from './fold';
import { notePolicy } from './policy-cache';
import {
  committedLogs, deltaOf, entriesByHash, judgeRewrite, loadKey, mendWorktreeLog, say, withoutAuraLines, worktreeLog,
} from './rewrites';

/** Logs HEAD (a pick, revert or copy, see pickOf) and folds the entry into it. */
export async function relogPick(repo: Repo, snap: CommitSnapshot, pick: Pick): Promise<number> {
  const head = snap.commit;
  const short = head.sha.slice(0, 10);
  if (head.signed) {
    say(`aura: commit ${short} (${pick.kind}) is signed: NOT logged (rewriting it would drop your signature). Re-log it: aura intent "…", then git commit --amend --no-edit`);
    return 0;
  }
  const message = head.message.toString('utf8');
  const intent = intentFromMessage(withoutAuraLines(head.message).toString('utf8'));
  if (intent === '') {
    say(`aura: commit ${short} states no intent: NOT logged. Amend it with a message that says what it does: git commit --amend`);
    return 0;
  }
  const base = head.parents[0] ?? null;
  const [parentLog, sourceLog] = committedLogs(repo, [base, pick.source]);
  const copied = readAuraTrailer(message);
  const known = entriesByHash([worktreeLog(repo), sourceLog]);
  const superseded = copied && known.get(copied.hash)?.capability === 'commit' ? [known.get(copied.hash)!] : [];
  // The parent's log, plus what git added that is complete there; a revert's removals undone.
  await mendWorktreeLog(repo, parentLog, []);

  const key = loadKey();
  const delta = await deltaOf(repo, base, head.sha);
  const verdict = await judgeRewrite(repo, key, intent, delta, superseded);
  if (verdict.blocked) {
    say(`aura: commit ${short} (${pick.kind}) is NOT logged: strict mode refuses it (above). Clear the finding, then re-log it: git commit --amend --no-edit`);
    return 0;
  }
  const { appendCommitEntry } = require('./commit-entry') as typeof import('./commit-entry');
  const entry: Entry = await appendCommitEntry(repo, key, {
    intent, delta,
    binding: { branch: currentBranch(repo), commit_parents: head.parents, tree: snapshotTreeWithoutAura(snap, repo.root) },
    authorizations: verdict.authorizations,
    supersedes: copied && pick.kind !== 'revert' ? copied.hash : undefined,
  });
  const fresh = foldIntoHead(repo, { ...snap, commit: { ...head, message: withoutAuraLines(head.message) } }, entry);
  notePolicy(repo, verdict.strict);
  const what = superseded.length ? ` superseding ${superseded[0].id}${verdict.reused ? ', same delta: its verdict kept' : ''}` : '';
  say(`aura: ${pick.kind}: logged ${entry.id}${what} (${fresh.slice(0, 10)} carries Aura-Intent)`);
  return 0;
}

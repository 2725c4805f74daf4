// Telling, cheaply and on every commit, whether the commit being made rewrites another:
// file tests and the reflog's last line only (the work itself is loaded lazily:
// relog-pick.ts, relog-rebase.ts). See docs/hooks.md, "Rewritten commits".
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommitObject } from '../git/commit-object';
import { readAuraTrailer } from '../intent/message';
import type { Repo } from '../repo';
import { lastHeadReflog } from './context';

/**
 * A rebase is running (from its first pick to the end of its post-rewrite hook). Its commits
 * are logged once, all together, by post-rewrite: the hooks of each pick leave them alone.
 * (rebase-apply also serves `git am`, which leaves the file `applying` instead of `rebasing`.)
 */
export const rebaseInProgress = (repo: Repo): boolean =>
  existsSync(join(repo.gitDir, 'rebase-merge')) || existsSync(join(repo.gitDir, 'rebase-apply', 'rebasing'));

export interface Pick {
  kind: 'cherry-pick' | 'revert' | 'copied';
}

/**
 * Is HEAD (just made) such a commit? From the reflog line git wrote for it ("cherry-pick: …",
 * "revert: …", "commit (cherry-pick): …"), a default revert message, or a trailer copied into
 * a commit that is not an amend. Null for a plain commit.
 */
export function pickOf(repo: Repo, head: CommitObject, amend: boolean): Pick | null {
  const last = lastHeadReflog(repo);
  const subject = last && last.new === head.sha ? last.subject : '';
  if (amend || subject.startsWith('commit (amend)')) return null; // amends are logged as such (supersedes: the amended commit's entry)
  const message = head.message.toString('utf8');
  if (/^(cherry-pick|commit \(cherry-pick\))[:\s]/.test(subject)) return { kind: 'cherry-pick' };
  if (/^revert[:\s]/.test(subject)) return { kind: 'revert' };
  // Only a commit just made here by `git commit` (a fast-forward pull that lands on a logged
  // merge also runs post-merge, with reflog "pull: Fast-forward": that commit is left alone).
  if (!/^commit[:\s]/.test(subject)) return null;
  if (/^This reverts commit [0-9a-f]{7,64}\.?$/m.test(message)) return { kind: 'revert' };
  if (readAuraTrailer(message)) return { kind: 'copied' };
  return null;
}


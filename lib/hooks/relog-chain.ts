// Logging a run of commits git has just rewritten (a rebase; a cherry-pick or revert of
// several commits), in one pass, oldest first. For each commit not already logged as itself:
//  - its log is the parent's log plus the entries the run brings (lib/hooks/log-union.ts),
//    then its own new entry;
//  - the entry: intent from its message, delta against its first parent, `supersedes` = the
//    entries of the commits it replaces (several for a squash), strict mode as judgeRewrite;
//  - the commit is rebuilt with plumbing (same author, committer, dates, message, now with one
//    Aura-Intent trailer; signed by `git commit-tree -S` when git signed it) and its children
//    re-parented onto it; then HEAD moves once (compare-and-swap). No porcelain runs, so no
//    hook runs again.
import type { Entry } from '../entry/types';
import { snapshotTreeWithoutAura } from '../git/binding';
import { CommitObject, dirsAbove, readCommitSnapshots } from '../git/commit-object';
import { git } from '../git/exec';
import { storeObjects } from '../git/loose';
import { NewObject, objectId } from '../git/objects';
import { intentFromMessage, readAuraTrailer } from '../intent/message';
import type { Repo } from '../repo';
import { commitContent, logPathInRepo, stageLog, treeWithBlobIn, withTrailer } from './fold';
import { moveHead } from './own-ref-update';
import { notePolicy } from './policy-cache';
import { notLogged } from './signer-gate';
import { committedLogs, deltaOf, entriesByHash, judgeRewrite, loadKey, mendWorktreeLog, say, withoutAuraLines, worktreeLog } from './rewrites';

export interface Chain {
  what: string; // "rebase", "cherry-pick" … for messages
  ids: string[]; // git's commits, parents before children; the last one is HEAD
  branch: string | null;
  /** logs whose entries the rewritten commits keep (the pre-rebase tip's) */
  keep: Buffer[];
  /** commits git made anew in this run (a reword keeps parents and tree but not the message): logged again even when their copied trailer still binds */
  fresh: (sha: string) => boolean;
  /** hashes of the entries a commit replaces */
  supersedes: (c: CommitObject) => string[];
  /** how to log again a commit strict mode refused */
  relogHint: string;
}

const same = (a: unknown, b: string[]): boolean => Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);

/** A commit git signed is signed again by git (the user's gpg/ssh setup): one signature for it, as before. */
function signedCommit(repo: Repo, old: CommitObject, tree: string, parents: string[], message: Buffer): string {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: old.author.name, GIT_AUTHOR_EMAIL: old.author.email, GIT_AUTHOR_DATE: `@${old.author.date}`,
    GIT_COMMITTER_NAME: old.committer.name, GIT_COMMITTER_EMAIL: old.committer.email, GIT_COMMITTER_DATE: `@${old.committer.date}`,
  };
  return git(['commit-tree', '-S', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'], { cwd: repo.root, env, input: message });
}

/** Logs the run; returns git's commit → the rebuilt, logged one, for each commit it rebuilt. */
export async function relogChain(repo: Repo, chain: Chain): Promise<Map<string, string>> {
  const { ids } = chain;
  if (ids.length === 0) return new Map();
  const logRel = logPathInRepo(repo);
  const snaps = readCommitSnapshots(ids, repo.root, logRel ? dirsAbove(logRel) : []);
  const picked = committedLogs(repo, ids); // git's merge of the log in each commit
  let known = entriesByHash([worktreeLog(repo), ...picked]);
  const rebuilt = new Map<string, string>(); // git's commit → ours
  const objects: NewObject[] = [];
  let mended = false;
  let logged = 0;
  let gated = false;
  const key = loadKey();
  for (const snap of snaps) {
    const c = snap.commit;
    const parents = c.parents.map((p) => rebuilt.get(p) ?? p);
    const tree = snapshotTreeWithoutAura(snap, repo.root);
    const own = readAuraTrailer(c.message.toString('utf8'));
    const bound = own ? known.get(own.hash) : undefined;
    if (!chain.fresh(c.sha) && same(parents, c.parents) && bound && same(bound.commit_parents, c.parents) && bound.tree === tree) continue; // logged as itself already

    if (!mended) {
      // Once, before the first entry: the log where the rewritten part starts, plus the run's own entries.
      const [base] = committedLogs(repo, [parents[0] ?? null]);
      await mendWorktreeLog(repo, base, [...chain.keep, ...picked]);
      known = entriesByHash([worktreeLog(repo), ...picked]);
      mended = true;
    }
    const message = withoutAuraLines(c.message);
    const intent = intentFromMessage(message.toString('utf8'));
    const hashes = [...new Set(chain.supersedes(c))];
    const superseded = hashes.map((h) => known.get(h)).filter((e): e is Entry => e?.capability === 'commit');
    const short = c.sha.slice(0, 10);
    let entry: Entry | null = null;
    if (intent === '') {
      say(`aura: ${chain.what}: commit ${short} states no intent: NOT logged (git commit --amend it with a message that says what it does)`);
    } else {
      const delta = await deltaOf(repo, c.parents[0] ?? null, c.sha); // git's parent: the same content as ours outside .aura/
      const verdict = await judgeRewrite(repo, key, intent, delta, superseded, { base: c.parents[0] ?? null, target: c.sha });
      gated = verdict.gated;
      if (verdict.blocked) {
        say(`aura: ${chain.what}: commit ${short} is NOT logged: strict mode refuses it (above). Clear the finding, then log it again: ${chain.relogHint}`);
      } else {
        const { appendCommitEntry } = require('./commit-entry') as typeof import('./commit-entry');
        entry = await appendCommitEntry(repo, key, {
          intent, delta, binding: { branch: chain.branch, commit_parents: parents, tree }, authorizations: verdict.authorizations,
          ...(hashes.length ? { supersedes: hashes.length === 1 ? hashes[0] : hashes } : {}),
        }).catch(notLogged(c.sha)); // a key the log does not trust signs nothing (signer-gate.ts)
        if (entry) logged++;
      }
    }
    // The rebuilt commit's log: the working log as it is now, ending with its own entry.
    let root = c.tree;
    if (logRel) {
      const blob = worktreeLog(repo);
      objects.push({ type: 'blob', content: blob });
      root = treeWithBlobIn(snap, logRel, objectId('blob', blob, snap.oidLength), objects);
    }
    const msg = entry ? withTrailer(message, entry, repo.root) : message;
    let id: string;
    if (c.signed) {
      storeObjects(repo.commonDir, repo.root, objects.splice(0), snap.oidLength);
      id = signedCommit(repo, c, root, parents, msg);
    } else {
      const content = commitContent(c, root, msg, parents);
      objects.push({ type: 'commit', content });
      id = objectId('commit', content, snap.oidLength);
    }
    rebuilt.set(c.sha, id);
  }
  if (rebuilt.size === 0) return rebuilt;
  if (objects.length) storeObjects(repo.commonDir, repo.root, objects, snaps[0].oidLength);
  const oldTip = ids[ids.length - 1];
  const newTip = rebuilt.get(oldTip) ?? oldTip;
  moveHead(repo, newTip, oldTip, `aura: log ${chain.what} (${logged} commit${logged === 1 ? '' : 's'})`);
  await stageLog(repo);
  notePolicy(repo, gated);
  say(`aura: ${chain.what}: logged ${logged} of ${rebuilt.size} rewritten commit${rebuilt.size === 1 ? '' : 's'} (HEAD is now ${newTip.slice(0, 10)})`);
  return rebuilt;
}

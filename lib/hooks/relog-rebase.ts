// post-rewrite after `git rebase` (every form, `git pull --rebase` included). While a rebase
// runs, the hooks leave its commits alone (rewrite-kind.ts: rebaseInProgress); when it has
// finished, Git runs `post-rewrite rebase` once, with the branch already moved to the new
// commits and the rebase's state (onto, orig-head) still on disk. Here every commit of
// onto..HEAD that is not already logged as itself is logged in one pass, oldest first:
//  - its log is the parent's log plus the rebased branch's own (the pre-rebase tip's log and
//    what git merged in, lib/hooks/log-union.ts), then its own new entry;
//  - the entry: intent from its message, delta against its first parent, `supersedes` = the
//    entries of the commits it replaces (several for a squash), strict mode as judgeRewrite;
//  - the commit is rebuilt with plumbing (same author, committer, dates, message, now with
//    one Aura-Intent trailer; signed with `git commit-tree -S` when git signed it), its
//    children re-parented onto it; then the branch moves once (compare-and-swap).
// No porcelain runs, so no hook runs again; a conflict, --skip or --abort leaves nothing for
// us to clean: nothing was written before git finished.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Entry } from '../entry/types';
import { snapshotTreeWithoutAura } from '../git/binding';
import { CommitObject, dirsAbove, readCommitSnapshots } from '../git/commit-object';
import { git, gitRaw } from '../git/exec';
import { NewObject, objectId, readObjects, writeObjects } from '../git/objects';
import { intentFromMessage, readAuraTrailer } from '../intent/message';
import type { Repo } from '../repo';
import { enteredRecursively, hookContext } from './context';
import { commitContent, logPathInRepo, stageLog, treeWithBlobIn, withTrailer } from './fold';
import { notePolicy } from './policy-cache';
import {
  auraHashesIn, committedLogs, deltaOf, entriesByHash, judgeRewrite, loadKey, mendWorktreeLog, say, withoutAuraLines, worktreeLog,
} from './rewrites';

interface RebaseState {
  onto: string | null;
  origHead: string | null;
  branch: string | null; // short name of the branch being rebased; null when detached
}

function rebaseState(repo: Repo): RebaseState {
  const dir = ['rebase-merge', 'rebase-apply'].map((d) => join(repo.gitDir, d)).find((d) => existsSync(d));
  const read = (f: string): string | null => (dir && existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').trim() || null : null);
  const head = read('head-name');
  return { onto: read('onto'), origHead: read('orig-head'), branch: head?.startsWith('refs/heads/') ? head.slice(11) : null };
}

/** "old new" lines from git → the old commits each new one replaces (several for a squash). */
function replacedBy(stdin: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of stdin.split('\n')) {
    const [old, fresh] = line.trim().split(/\s+/);
    if (!old || !fresh) continue;
    map.set(fresh, [...(map.get(fresh) ?? []), old]);
  }
  return map;
}

/** The rebased commits, oldest first (parents before children). */
function rebasedCommits(repo: Repo, onto: string | null, replaced: Map<string, string[]>): string[] {
  // Without onto (not seen with git ≥ 2.26): stop at the parents of the new commits that are not new themselves.
  const stops = onto ? [onto] : [...replaced.keys()].flatMap((c) => git(['rev-parse', `${c}^@`], { cwd: repo.root }).split('\n')).filter((p) => p && !replaced.has(p));
  const out = git(['rev-list', '--reverse', '--topo-order', 'HEAD', '--not', ...stops, '--'], { cwd: repo.root });
  return out.split('\n').filter(Boolean);
}

const same = (a: unknown, b: string[]): boolean => Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);

/** Commits that git signed get signed again by git (the user's gpg/ssh setup), once. */
function signedCommit(repo: Repo, old: CommitObject, tree: string, parents: string[], message: Buffer): string {
  const [an, ae, ad] = [old.author.name, old.author.email, old.author.date];
  const [cn, ce, cd] = [old.committer.name, old.committer.email, old.committer.date];
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: an, GIT_AUTHOR_EMAIL: ae, GIT_AUTHOR_DATE: `@${ad}`,
    GIT_COMMITTER_NAME: cn, GIT_COMMITTER_EMAIL: ce, GIT_COMMITTER_DATE: `@${cd}`,
  };
  const args = ['commit-tree', '-S', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'];
  return git(args, { cwd: repo.root, env, input: message });
}

/** `post-rewrite <kind>`; for "rebase" git writes the "old new" pairs on stdin (read here unless given). */
export async function postRewrite(kind: string, stdin?: string): Promise<number> {
  if (kind !== 'rebase') return 0; // "amend": post-commit logged it as an amend
  if (enteredRecursively()) return 0;
  const repo = hookContext();
  const state = rebaseState(repo);
  const replaced = replacedBy(stdin ?? readFileSync(0, 'utf8'));
  if (replaced.size === 0) return 0;
  const ids = rebasedCommits(repo, state.onto, replaced);
  if (ids.length === 0) return 0;
  const logRel = logPathInRepo(repo);
  const snaps = readCommitSnapshots(ids, repo.root, logRel ? dirsAbove(logRel) : []);
  const olds = [...new Set([...replaced.values()].flat())];
  const oldTrailers = new Map<string, string>();
  readObjects(repo.root, olds).forEach((o, i) => {
    const t = o && o.type === 'commit' ? readAuraTrailer(o.content.toString('utf8')) : null;
    if (t) oldTrailers.set(olds[i], t.hash);
  });

  let known = entriesByHash([worktreeLog(repo)]);
  const rebuilt = new Map<string, string>(); // git's commit → ours
  const objects: NewObject[] = [];
  let mended = false;
  let logged = 0;
  let strict = false;
  const key = loadKey();
  for (const snap of snaps) {
    const c = snap.commit;
    const parents = c.parents.map((p) => rebuilt.get(p) ?? p);
    const tree = snapshotTreeWithoutAura(snap, repo.root);
    const own = readAuraTrailer(c.message.toString('utf8'));
    const bound = own ? known.get(own.hash) : undefined;
    if (same(parents, c.parents) && bound && same(bound.commit_parents, c.parents) && bound.tree === tree) continue; // kept as it was

    if (!mended) {
      // Once, before the first entry: the log of where the rewritten part starts, plus the
      // rebased branch's own entries (pre-rebase tip, and what git merged into each pick).
      const [base, orig, ...picked] = committedLogs(repo, [parents[0] ?? null, state.origHead, ...ids]);
      await mendWorktreeLog(repo, base, [orig, ...picked]);
      known = entriesByHash([worktreeLog(repo)]);
      mended = true;
    }
    const message = withoutAuraLines(c.message);
    const intent = intentFromMessage(message.toString('utf8'));
    const hashes = [...new Set([...(replaced.get(c.sha) ?? []).map((o) => oldTrailers.get(o)), ...auraHashesIn(c.message.toString('utf8'))])]
      .filter((h): h is string => !!h);
    const superseded = hashes.map((h) => known.get(h)).filter((e): e is Entry => e?.capability === 'commit');
    let entry: Entry | null = null;
    if (intent === '') {
      say(`aura: rebased commit ${c.sha.slice(0, 10)} states no intent: NOT logged (git commit --amend it with a message that says what it does)`);
    } else {
      const delta = await deltaOf(repo, c.parents[0] ?? null, c.sha); // git's parent: the same content as ours, without .aura/
      const verdict = await judgeRewrite(repo, key, intent, delta, superseded);
      strict = verdict.strict;
      if (verdict.blocked) {
        say(`aura: rebased commit ${c.sha.slice(0, 10)} is NOT logged: strict mode refuses it (above). Clear the finding, then re-log the branch: git rebase --force-rebase ${state.onto ?? '<upstream>'}`);
      } else {
        const { appendCommitEntry } = require('./commit-entry') as typeof import('./commit-entry');
        entry = await appendCommitEntry(repo, key, {
          intent, delta, binding: { branch: state.branch, commit_parents: parents, tree }, authorizations: verdict.authorizations,
          ...(hashes.length ? { supersedes: hashes.length === 1 ? hashes[0] : hashes } : {}),
        });
        logged++;
      }
    }
    // The rebuilt commit: its log is the working log as it is now (ending with its own entry).
    let root = c.tree;
    if (logRel) {
      const blob = worktreeLog(repo);
      const blobId = objectId('blob', blob, snap.oidLength);
      objects.push({ type: 'blob', content: blob });
      root = treeWithBlobIn(snap, logRel, blobId, objects);
    }
    const msg = entry ? withTrailer(message, entry, repo.root) : message;
    let id: string;
    if (c.signed) {
      writeObjects(repo.root, objects.splice(0), snap.oidLength);
      id = signedCommit(repo, c, root, parents, msg);
    } else {
      const content = commitContent(c, root, msg, parents);
      objects.push({ type: 'commit', content });
      id = objectId('commit', content, snap.oidLength);
    }
    rebuilt.set(c.sha, id);
  }
  if (rebuilt.size === 0) return 0;
  if (objects.length) writeObjects(repo.root, objects, snaps[0].oidLength);
  const oldTip = ids[ids.length - 1];
  const newTip = rebuilt.get(oldTip) ?? oldTip;
  gitRaw(['update-ref', '-m', `aura: log ${logged} rebased commit${logged === 1 ? '' : 's'}`, 'HEAD', newTip, oldTip], { cwd: repo.root });
  if (logRel) stageLog(repo, logRel);
  notePolicy(repo, strict);
  say(`aura: rebase: logged ${logged} of ${rebuilt.size} rewritten commit${rebuilt.size === 1 ? '' : 's'} (HEAD is now ${newTip.slice(0, 10)})`);
  return 0;
}

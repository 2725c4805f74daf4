// Folding the log into the commit just made (post-commit / post-merge, when the intent came
// from the commit message). Git writes the commit's tree before commit-msg runs, so the entry
// — which needs that message — cannot enter the commit the normal way. Instead we build a
// replacement commit with plumbing: the same tree plus the new log blob, the same parents,
// author, committer, dates and encoding, the message plus an `Aura-Intent` trailer; then move
// HEAD from the old id to the new one (compare-and-swap) and stage the log in the real index
// so `git status` is clean. No porcelain command runs, so no hook runs again.
import { relative, isAbsolute } from 'node:path';
import type { Entry } from '../entry/types';
import { gitRaw } from '../git/exec';
import { TRAILER_KEY, trailerValue } from '../intent/message';
import type { Repo } from '../repo';
import type { CommitObject } from './commit-object';
import { listTree, TreeEntry, treeWithBlob } from './tree-edit';

/** The log's path inside the worktree ("/"-separated), or null when the log lives outside it. */
export function logPathInRepo(repo: Repo): string | null {
  if (!repo.config.intent.in_repo) return null;
  const rel = relative(repo.root, repo.logPath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  // The git dir may sit inside the working tree (.git/…): never a path to commit.
  const inGitDir = relative(repo.commonDir, repo.logPath);
  if (!inGitDir.startsWith('..') && !isAbsolute(inGitDir)) return null;
  return rel.split('\\').join('/');
}

/** `message` with its Aura-Intent trailer set to `entry` (replacing one copied by --amend/-c). */
export function withTrailer(message: Buffer, entry: { id: string; hash: string }, cwd: string): Buffer {
  // A comment character no message uses: Git keeps "# Conflicts:" lines in a merge message
  // committed with --no-edit, and the trailer must come after them, at the very end.
  const out = gitRaw(
    ['-c', 'core.commentChar=\x01', 'interpret-trailers', '--if-exists', 'replace', '--trailer', `${TRAILER_KEY}: ${trailerValue(entry)}`],
    { cwd, input: message },
  ).stdout;
  // Git keeps a blank line it found at the end (merge messages have one): the trailer must end the message.
  let end = out.length;
  while (end > 0 && (out[end - 1] === 0x0a || out[end - 1] === 0x20)) end--;
  return Buffer.concat([out.subarray(0, end), Buffer.from('\n')]);
}

/**
 * Replaces HEAD (which must still be `old`) by `old` + the log + the trailer. `top` is the
 * listing of old's root tree when the caller has it. Returns the new commit id.
 */
export function foldIntoHead(repo: Repo, old: CommitObject, entry: Entry, top: TreeEntry[] = listTree(old.tree, repo.root)): string {
  const logRel = logPathInRepo(repo);
  let tree = old.tree;
  if (logRel) {
    const blob = gitRaw(['hash-object', '-w', '--', repo.logPath], { cwd: repo.root }).stdout.toString('utf8').trim();
    tree = treeWithBlob(top, logRel, blob, repo.root);
  }
  const message = withTrailer(old.message, entry, repo.root);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: old.author.name,
    GIT_AUTHOR_EMAIL: old.author.email,
    GIT_AUTHOR_DATE: old.author.date,
    GIT_COMMITTER_NAME: old.committer.name,
    GIT_COMMITTER_EMAIL: old.committer.email,
    GIT_COMMITTER_DATE: old.committer.date,
  };
  const args = old.encoding ? ['-c', `i18n.commitEncoding=${old.encoding}`] : [];
  args.push('commit-tree', '--no-gpg-sign', tree, ...old.parents.flatMap((p) => ['-p', p]), '-F', '-');
  const fresh = gitRaw(args, { cwd: repo.root, env, input: message }).stdout.toString('utf8').trim();
  gitRaw(['update-ref', '-m', `aura: log intent ${entry.id}`, 'HEAD', fresh, old.sha], { cwd: repo.root });
  if (logRel) stageLog(repo, logRel);
  return fresh;
}

/** Puts the worktree's log into the real index, so HEAD, index and worktree agree. */
export function stageLog(repo: Repo, logRel: string): void {
  const env = { ...process.env };
  delete env.GIT_INDEX_FILE; // the real index: after the commit Git has released its lock
  gitRaw(['update-index', '--add', '--', logRel], { cwd: repo.root, env });
}

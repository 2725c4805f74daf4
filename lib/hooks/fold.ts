// Folding the log into the commit just made (post-commit / post-merge, when the intent came
// from the commit message). Git writes the commit's tree before commit-msg runs, so the entry
// — which needs that message — cannot enter the commit the normal way. Instead we build a
// replacement commit with plumbing: the same tree plus the new log blob, the same parents,
// author, committer, dates and encoding, the message plus an `Aura-Intent` trailer, its objects
// written as loose files (lib/git/loose.ts); the log is staged in the real index so `git status`
// is clean, at the same time, and HEAD moves from the old id to the new one (compare-and-swap,
// lib/hooks/own-ref-update.ts): one or two git processes in all (see foldIntoHead). No
// porcelain command runs, so no hook runs again.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Entry } from '../entry/types';
import { AwaitingGit, git, gitAwaitingInput, gitRaw } from '../git/exec';
import { deferrable } from '../fs/deferred';
import { GROWING_MIN_BYTES, storeGrowingBlob } from '../git/growing-blob';
import { indexedBlob } from '../git/index-file';
import { looseExists, looseWritable, storeObjects } from '../git/loose';
import { MODE_TREE, NewObject, objectId, RawTreeEntry, serializeTree } from '../git/objects';
import { appendOwnTrailer, TRAILER_KEY, trailerValue } from '../intent/message';
import { stateDir } from '../intent/pending';
import { logPathInRepo, Repo } from '../repo';
import type { CommitObject, CommitSnapshot } from '../git/commit-object';
import type { ReflogIdent } from '../git/ref-files';
import { steadyEnv } from './context';
import { moveHead } from './own-ref-update';

// Where the log sits in the tree lives in repo.ts: the omission checks read it from commits too.
export { logPathInRepo };

/** `message` with its Aura-Intent trailer set to `entry` (replacing one copied by --amend/-c). */
export function withTrailer(message: Buffer, entry: { id: string; hash: string }, cwd: string): Buffer {
  const own = appendOwnTrailer(message, trailerValue(entry));
  if (own) return own;
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

const isUtf8Name = (enc: string): boolean => /^utf-?8$/i.test(enc);

/** The commit object `git commit-tree` writes for `old`'s author, committer, dates and encoding (and parents, unless given). */
export function commitContent(old: CommitObject, tree: string, message: Buffer, parents = old.parents): Buffer {
  const ident = (i: CommitObject['author']): string => `${i.name} <${i.email}> ${i.date}`;
  let head = `tree ${tree}\n`;
  for (const p of parents) head += `parent ${p}\n`;
  head += `author ${ident(old.author)}\ncommitter ${ident(old.committer)}\n`;
  if (old.encoding && !isUtf8Name(old.encoding)) head += `encoding ${old.encoding}\n`;
  return Buffer.concat([Buffer.from(head + '\n', 'utf8'), message]);
}

/** `git update-index` started ahead for the log; `hashOnly`: with --info-only, it writes no object (foldIntoHead does). */
export type LogStaging = AwaitingGit & { hashOnly: boolean };

/**
 * The log's staging, started before the entry is written (startStaging: `git update-index
 * --add -z --stdin`, which then waits for the path, holding the index's lock). The caller
 * passes it to foldIntoHead, and ends it in every case (finish('') stages nothing). For a long
 * log (`forFold`, from 256 kB) git only hashes the file and puts its id in the index
 * (--info-only): the fold writes the blob itself (storeGrownLog), so no one compresses the
 * whole log.
 */
export function startStaging(repo: Repo, forFold: boolean): LogStaging | null {
  if (!logPathInRepo(repo)) return null;
  const hashOnly = forFold && writesLogBlob(repo);
  const args = ['update-index', '--add', ...(hashOnly ? ['--info-only'] : []), '-z', '--stdin'];
  return Object.assign(gitAwaitingInput(args, { cwd: repo.root, env: steadyEnv() }), { hashOnly });
}

/** Whether aura writes the log's blob itself (lib/git/growing-blob.ts): a long log, in an object directory it may write. */
function writesLogBlob(repo: Repo): boolean {
  let size: number;
  try {
    size = statSync(repo.logPath).size;
  } catch {
    return false;
  }
  return size >= GROWING_MIN_BYTES && looseWritable(repo.commonDir);
}

/**
 * Replaces HEAD (which must still be `snap.commit`) by it + the log + the trailer. The log is
 * staged (`staging`, started here unless the caller did: `git update-index` writes its blob as
 * `git add` would, the path's attributes applied; for a long log it only hashes the file and
 * the blob is written here meanwhile) while the trees along its path and the
 * commit are built and written here, for the blob id computed from the file; HEAD moves once
 * the staged blob is there. The message gets its trailer in JavaScript, or from `git
 * interpret-trailers` when it is not plain (lib/intent/message.ts). Returns the new commit id.
 */
export async function foldIntoHead(repo: Repo, snap: CommitSnapshot, entry: Entry, staging = startStaging(repo, true)): Promise<string> {
  const old = snap.commit;
  const logRel = logPathInRepo(repo);
  const staged = logRel && staging ? staging.finish(`${logRel}\0`) : null;
  const content = logRel ? readFileSync(repo.logPath) : null;
  const blob = content ? objectId('blob', content, snap.oidLength) : null;
  // a long log's blob, written while git (--info-only) reads and hashes the whole file
  const grown = staging?.hashOnly && content && blob ? storeGrownLog(repo, content, blob) : false;
  const message = withTrailer(old.message, entry, repo.root);
  const build = (blob: string | null): { objects: NewObject[]; commit: string } => {
    const objects: NewObject[] = [];
    const tree = blob ? treeWithBlobIn(snap, logRel!, blob, objects) : old.tree;
    objects.push({ type: 'commit', content: commitContent(old, tree, message) });
    return { objects, commit: objectId('commit', objects[objects.length - 1].content, snap.oidLength) };
  };
  let next = build(blob);
  storeObjects(repo.commonDir, repo.root, next.objects, snap.oidLength);
  if (staged) {
    await staged;
    // The blob computed from the file is what git staged, unless an attribute of the path
    // changed the content (a filter, an encoding): then the index holds another. Git wrote it,
    // or (--info-only) wrote nothing: `git hash-object -w` writes the blob the index names,
    // attributes applied, and says which it is. So it does when the fold's own write failed.
    const stagedOurs = staging!.hashOnly ? grown && blobInIndex(repo, logRel!, snap.oidLength) === blob : looseExists(repo.commonDir, blob!);
    if (!stagedOurs) {
      next = build(git(['hash-object', '-w', '--', logRel!], { cwd: repo.root })); // relative: attributes match it
      storeObjects(repo.commonDir, repo.root, next.objects, snap.oidLength);
    }
  }
  moveHead(repo, next.commit, old.sha, `aura: log intent ${entry.id}`, reflogIdent(old));
  return next.commit;
}

/**
 * A long log's blob written from the compressed pieces of its last version
 * (lib/git/growing-blob.ts), for callers that checked writesLogBlob. The pieces for the next
 * commit are kept in the hooks' state directory once the hook has answered
 * (lib/fs/deferred.ts). False when nothing could be written.
 */
function storeGrownLog(repo: Repo, content: Buffer, blob: string): boolean {
  try {
    deferrable(storeGrowingBlob(stateDir(repo.gitDir), repo.commonDir, repo.logPath, content, blob));
    return true;
  } catch {
    return false; // not written (a full disk, a read-only object directory): git writes it
  }
}

/** A long log's blob, written before a caller stages the log with `git update-index` (which then only hashes it). */
export function prewriteLog(repo: Repo, oidLength: number): void {
  if (!writesLogBlob(repo)) return; // a short log is read and compressed by git alone
  const content = readFileSync(repo.logPath);
  storeGrownLog(repo, content, objectId('blob', content, oidLength));
}

/** The log's blob in the real index, read from its file (or from git when that index is split). */
function blobInIndex(repo: Repo, logRel: string, oidLength: number): string | null {
  const read = indexedBlob(join(repo.gitDir, 'index'), logRel, oidLength);
  return read !== undefined ? read : git(['rev-parse', '--verify', '-q', `:${logRel}`], { cwd: repo.root, env: steadyEnv(), okCodes: [1] }) || null;
}

/**
 * Who moves HEAD, as `git update-ref` would write it in the reflog now: the committer Git has
 * just written into `old` in this same `git commit` (its environment and configuration), at
 * the present time unless GIT_COMMITTER_DATE fixes it (then `old` holds that date, as parsed).
 */
function reflogIdent(old: CommitObject): ReflogIdent {
  const { name, email, date } = old.committer;
  return { name, email, date: process.env.GIT_COMMITTER_DATE ? date : `${Math.floor(Date.now() / 1000)} ${date.split(' ')[1]}` };
}

/**
 * The snapshot's root tree with the file at `relPath` ("/"-separated) set to `blob`, creating
 * directories on the way; the new trees are added to `objects`. Returns the new root tree id.
 */
export function treeWithBlobIn(snap: CommitSnapshot, relPath: string, blob: string, objects: NewObject[]): string {
  const parts = relPath.split('/');
  const build = (entries: RawTreeEntry[], depth: number): string => {
    const name = Buffer.from(parts[depth], 'utf8');
    const rest = entries.filter((e) => !e.name.equals(name));
    const oid = depth === parts.length - 1 ? blob : build(snap.trees.get(parts.slice(0, depth + 1).join('/')) ?? [], depth + 1);
    const content = serializeTree([...rest, { mode: depth === parts.length - 1 ? 0o100644 : MODE_TREE, name, oid }]);
    objects.push({ type: 'tree', content });
    return objectId('tree', content, snap.oidLength);
  };
  return build(snap.trees.get('')!, 0);
}

/** Puts the worktree's log into the real index, so HEAD, index and worktree agree. */
export async function stageLog(repo: Repo): Promise<void> {
  const logRel = logPathInRepo(repo);
  if (logRel) await startStaging(repo, false)!.finish(`${logRel}\0`);
}

// Reading a commit object exactly as stored, so a replacement commit can keep its author,
// committer, dates, encoding and message byte for byte.
import { AuraError } from '../errors';
import { readLoose } from './loose';
import { GitObject, MODE_TREE, parseTree, RawTreeEntry, readObjects } from './objects';
import { headCommit } from './ref-files';

export interface Ident {
  name: string;
  email: string;
  date: string; // Git's internal form "<unix seconds> <+hhmm>"
}

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  author: Ident;
  committer: Ident;
  encoding: string | null;
  signed: boolean; // has a gpgsig header: rewriting it would drop the signature
  message: Buffer;
}

function ident(line: string, what: string): Ident {
  const m = /^(.*) <([^>]*)> (\d+ [+-]\d{4})$/.exec(line);
  if (!m) throw new AuraError(`cannot read the ${what} of a commit: ${JSON.stringify(line)}`);
  return { name: m[1], email: m[2], date: m[3] };
}

/** Parses `git cat-file commit` output. */
export function parseCommit(sha: string, raw: Buffer): CommitObject {
  const split = raw.indexOf('\n\n');
  const header = raw.subarray(0, split < 0 ? raw.length : split).toString('utf8');
  const message = split < 0 ? Buffer.alloc(0) : raw.subarray(split + 2);
  const c: Partial<CommitObject> = { sha, parents: [], encoding: null, signed: false, message };
  for (const line of header.split('\n')) {
    if (line.startsWith(' ')) continue; // continuation of a multi-line header (gpgsig, mergetag)
    const sp = line.indexOf(' ');
    const key = line.slice(0, sp);
    const value = line.slice(sp + 1);
    if (key === 'tree') c.tree = value;
    else if (key === 'parent') c.parents!.push(value);
    else if (key === 'author') c.author = ident(value, 'author');
    else if (key === 'committer') c.committer = ident(value, 'committer');
    else if (key === 'encoding') c.encoding = value;
    else if (key === 'gpgsig' || key === 'gpgsig-sha256') c.signed = true;
  }
  if (!c.tree || !c.author || !c.committer) throw new AuraError(`commit ${sha} is malformed (no tree, author or committer)`);
  return c as CommitObject;
}

/** The commit `rev` resolves to, or null when it does not (an unborn branch before the initial commit). */
export function findCommit(rev: string, cwd: string): CommitObject | null {
  const [o] = readObjects(cwd, [`${rev}^{commit}`]);
  return o ? parseCommit(o.oid, o.content) : null;
}

/** HEAD's commit read from the files alone (its ref, its loose object), or null when it cannot be. */
function looseHeadCommit(gitDir: string, commonDir: string): CommitObject | null {
  const sha = headCommit(gitDir, commonDir);
  const c = sha ? readLoose(commonDir, sha) : null;
  return c && c.type === 'commit' ? parseCommit(c.oid, c.content) : null;
}

/**
 * HEAD's commit, from its loose file when it is one (a hook runs right after Git wrote it, or
 * soon after: no process), else from `git cat-file`; null before the first commit.
 */
export function findHeadCommit(gitDir: string, commonDir: string, cwd: string): CommitObject | null {
  return looseHeadCommit(gitDir, commonDir) ?? findCommit('HEAD', cwd);
}

/** A commit with the listings of its root tree ('') and of the directories a fold edits. */
export interface CommitSnapshot {
  commit: CommitObject;
  oidLength: number; // 40 (SHA-1) or 64 (SHA-256) hex digits
  /** listing by directory path; a directory absent from the commit lists as [] */
  trees: Map<string, RawTreeEntry[]>;
}

/** "a/b/c.jsonl" → ["a", "a/b"]: the directories above a file. */
export const dirsAbove = (relPath: string): string[] => {
  const parts = relPath.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
};

/**
 * The commit `rev` names and the trees along `dirs` (each "a", "a/b" …, parents first), all
 * from one `git cat-file --batch`. Each listing is checked against its parent's entry (the
 * revision could move between lines); on a mismatch they are read again by tree id.
 */
export function readCommitSnapshot(rev: string, cwd: string, dirs: string[]): CommitSnapshot {
  const objs = readObjects(cwd, [rev, `${rev}^{tree}`, ...dirs.map((d) => `${rev}:${d}`)]);
  const c = objs[0];
  if (!c || c.type !== 'commit') throw new AuraError(`${rev} is not a commit (${c ? c.type : 'missing'})`);
  const commit = parseCommit(c.oid, c.content);
  const snap = listings(commit, objs.slice(1), dirs);
  if (snap) return snap;
  const again = readObjects(cwd, [commit.tree, ...dirs.map((d) => `${commit.tree}:${d}`)]);
  const retry = listings(commit, again, dirs);
  if (!retry) throw new AuraError(`cannot read the trees of commit ${commit.sha}`);
  return retry;
}

/**
 * readCommitSnapshot of HEAD from the files Git has just written (lib/git/ref-files.ts,
 * lib/git/loose.ts), or null when any of it is not there to read (then ask git).
 */
export function headSnapshotFromFiles(gitDir: string, commonDir: string, dirs: string[]): CommitSnapshot | null {
  const commit = looseHeadCommit(gitDir, commonDir);
  if (!commit) return null;
  const objs: (GitObject | null)[] = [readLoose(commonDir, commit.tree)];
  for (const dir of dirs) {
    const slash = dir.lastIndexOf('/');
    const parentObj = objs[objs.length - 1];
    if (!parentObj || parentObj.type !== 'tree') return null;
    const name = Buffer.from(dir.slice(slash + 1), 'utf8');
    const e = parseTree(parentObj.content, commit.sha.length).find((x) => x.mode === MODE_TREE && x.name.equals(name));
    if (!e) {
      objs.push(null); // not in the commit yet: listings() lists it as []
      break;
    }
    objs.push(readLoose(commonDir, e.oid));
  }
  while (objs.length < dirs.length + 1) objs.push(null);
  return listings(commit, objs, dirs);
}

/** readCommitSnapshot of several commits (a rebased branch) with one `git cat-file --batch`. */
export function readCommitSnapshots(revs: string[], cwd: string, dirs: string[]): CommitSnapshot[] {
  const per = 2 + dirs.length;
  const objs = readObjects(cwd, revs.flatMap((r) => [r, `${r}^{tree}`, ...dirs.map((d) => `${r}:${d}`)]));
  return revs.map((rev, i) => {
    const c = objs[i * per];
    if (!c || c.type !== 'commit') return readCommitSnapshot(rev, cwd, dirs); // throws the usual error
    return listings(parseCommit(c.oid, c.content), objs.slice(i * per + 1, (i + 1) * per), dirs) ?? readCommitSnapshot(rev, cwd, dirs);
  });
}

function listings(commit: CommitObject, objs: (GitObject | null)[], dirs: string[]): CommitSnapshot | null {
  const oidLength = commit.sha.length;
  const root = objs[0];
  if (!root || root.type !== 'tree' || root.oid !== commit.tree) return null;
  const trees = new Map<string, RawTreeEntry[]>([['', parseTree(root.content, oidLength)]]);
  for (let i = 0; i < dirs.length; i++) {
    const dir = dirs[i];
    const slash = dir.lastIndexOf('/');
    const parent = trees.get(slash < 0 ? '' : dir.slice(0, slash))!;
    const name = Buffer.from(dir.slice(slash + 1), 'utf8');
    const e = parent.find((x) => x.mode === MODE_TREE && x.name.equals(name));
    const o = objs[i + 1];
    if (!e) trees.set(dir, []); // not in the commit yet: created by the fold
    else if (o && o.type === 'tree' && o.oid === e.oid) trees.set(dir, parseTree(o.content, oidLength));
    else return null;
  }
  return { commit, oidLength, trees };
}

// Which files differ between two trees, or between HEAD and the index Git gives us
// (GIT_INDEX_FILE is inherited by git()). Always -z: paths may hold spaces, newlines and
// non-ASCII bytes, and core.quotePath output is never parsed.
import { AuraError } from '../errors';
import { git, gitRaw } from './exec';
import type { FileChange, FileSide } from './file-change';

export type { FileChange, FileSide } from './file-change';

const ZERO_OID = /^0+$/;

/** Parses `git diff-* --raw -z` output: ":old new oldoid newoid STATUS\0path\0[newpath\0]". */
export function parseRawDiff(out: Buffer): FileChange[] {
  const parts = out.toString('utf8').split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i < parts.length; ) {
    const head = parts[i++];
    if (!head) continue;
    if (head[0] !== ':') throw new AuraError(`unexpected git diff output near ${JSON.stringify(head.slice(0, 80))}`);
    const [oldMode, newMode, oldOid, newOid, statusField] = head.slice(1).split(' ');
    const status = statusField[0];
    const path = parts[i++];
    const newPath = status === 'R' || status === 'C' ? parts[i++] : path;
    if (status === 'U' || status === 'X') continue; // unmerged entries: no staged content to compare
    const old = status === 'A' || ZERO_OID.test(oldOid) ? null : { path, oid: oldOid, mode: oldMode };
    const nu = status === 'D' || ZERO_OID.test(newOid) ? null : { path: newPath, oid: newOid, mode: newMode };
    if (status === 'C') {
      // a copy leaves the source in place: only the new file is a change
      changes.push({ status: 'A', old: null, new: nu });
      continue;
    }
    changes.push({ status, old, new: nu });
  }
  return changes;
}

// Git's default rename detection (50% similar), spelled out so a user's diff.renames
// setting cannot change what the log records.
const RENAMES = ['-M50%', '--no-ext-diff', '--no-textconv'];

/** The empty tree of this repository's hash algorithm (SHA-1 or SHA-256). */
export function emptyTree(cwd: string): string {
  return git(['hash-object', '-t', 'tree', '/dev/null'], { cwd });
}

/** The tree a revision names, or an error naming the revision. */
export function resolveTree(cwd: string, rev: string): string {
  const r = gitRaw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{tree}`], { cwd, okCodes: [1, 128] });
  if (r.status !== 0) {
    throw new AuraError(`unknown revision "${rev}"`, 'name a commit, branch, tag or tree (see: git log --oneline)');
  }
  return r.stdout.toString('utf8').trim();
}

/** HEAD's tree, or null before the first commit. */
export function headTree(cwd: string): string | null {
  const r = gitRaw(['rev-parse', '--verify', '--quiet', 'HEAD^{tree}'], { cwd, okCodes: [1, 128] });
  return r.status === 0 ? r.stdout.toString('utf8').trim() : null;
}

/** The index (as GIT_INDEX_FILE names it, if set) against HEAD; the initial commit compares with the empty tree. */
export function stagedChanges(cwd: string): FileChange[] {
  const base = headTree(cwd) ?? emptyTree(cwd);
  return parseRawDiff(gitRaw(['diff-index', '--cached', '-z', '--raw', ...RENAMES, base], { cwd }).stdout);
}

const FULL_OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** The empty tree of each hash algorithm, by object id length. */
const EMPTY_TREE: Record<number, string> = {
  40: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  64: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

/**
 * Two tree-ishes; a null base is the empty tree. With `commonDir`, two full object ids whose
 * differences are all files changed in place are compared from loose objects, without a git
 * process (lib/git/tree-diff-loose.ts).
 */
export function treeChanges(cwd: string, base: string | null, target: string, commonDir?: string): FileChange[] {
  if (commonDir && base !== null && FULL_OID.test(base) && FULL_OID.test(target) && base.length === target.length) {
    const { changedInPlace } = require('./tree-diff-loose') as typeof import('./tree-diff-loose');
    const inPlace = changedInPlace(commonDir, base, target);
    if (inPlace) return inPlace;
  }
  // Full object ids (what the hooks pass) need no rev-parse: diff-tree peels a commit to its
  // tree itself, and only a failure asks rev-parse which revision was wrong.
  if (FULL_OID.test(target) && (base === null || (FULL_OID.test(base) && base.length === target.length))) {
    const r = gitRaw(['diff-tree', '-r', '-z', '--raw', ...RENAMES, base ?? EMPTY_TREE[target.length], target], { cwd, okCodes: [128] });
    if (r.status === 0) return parseRawDiff(r.stdout);
  }
  const a = base === null ? emptyTree(cwd) : resolveTree(cwd, base);
  const b = resolveTree(cwd, target);
  return parseRawDiff(gitRaw(['diff-tree', '-r', '-z', '--raw', ...RENAMES, a, b], { cwd }).stdout);
}

/**
 * Every file of a tree, recursively (`git ls-tree -r -z --full-tree`): blobs, symlinks and
 * submodule entries with their modes, in Git's path order. The repository's objects, never the
 * working tree.
 */
export function listFiles(cwd: string, treeish: string): FileSide[] {
  const out = gitRaw(['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', treeish], { cwd }).stdout.toString('utf8');
  const files: FileSide[] = [];
  for (const rec of out.split('\0')) {
    if (!rec) continue;
    // "<mode> SP <type> SP <oid> TAB <path>"
    const tab = rec.indexOf('\t');
    const [mode, , oid] = rec.slice(0, tab).split(' ');
    files.push({ path: rec.slice(tab + 1), oid, mode });
  }
  return files;
}

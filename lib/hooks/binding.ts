// The fields that bind a `commit` entry to its Git commit: the branch, the parent commit ids
// and the tree of the committed content EXCLUDING .aura/ (the log cannot be part of what it
// describes: the entry is inside the tree it would have to hash).
import { objectId, serializeTree } from '../git/objects';
import type { CommitSnapshot } from './commit-object';
import { listTree, makeTree, TreeEntry } from './tree-edit';

export const AURA_DIR_NAME = '.aura';

/** `treeish`'s tree with its top-level .aura entry left out; pass `top` if already listed. */
export function treeWithoutAura(treeish: string, cwd: string, top: TreeEntry[] = listTree(treeish, cwd)): string {
  return makeTree(top.filter((e) => e.name !== AURA_DIR_NAME), cwd);
}

const AURA_NAME = Buffer.from(AURA_DIR_NAME);

/**
 * treeWithoutAura of a snapshot's commit, hashed in-process: the very id `git mktree` gives
 * (same canonical modes, same order), without a git process. A top-level name that is not
 * valid UTF-8 takes the git path, which is what `aura audit verify --range` recomputes.
 */
export function snapshotTreeWithoutAura(snap: CommitSnapshot, cwd: string): string {
  const top = snap.trees.get('')!;
  if (top.some((e) => !Buffer.from(e.name.toString('utf8'), 'utf8').equals(e.name))) return treeWithoutAura(snap.commit.tree, cwd);
  return objectId('tree', serializeTree(top.filter((e) => !e.name.equals(AURA_NAME))), snap.oidLength);
}

export interface CommitBinding {
  branch: string | null;
  commit_parents: string[];
  tree: string;
}

/** The binding fields as they appear in the entry (branch omitted on a detached HEAD). */
export function bindingFields(b: CommitBinding): Record<string, unknown> {
  const f: Record<string, unknown> = { commit_parents: b.commit_parents, tree: b.tree };
  if (b.branch !== null) f.branch = b.branch;
  return f;
}

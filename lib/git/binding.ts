// The fields that bind a `commit` entry to its Git commit: the branch, the parent commit ids
// and the tree of the committed content EXCLUDING .aura/ (the log cannot be part of what it
// describes: the entry is inside the tree it would have to hash).
import { objectId, parseTree, RawTreeEntry, readObjects, serializeTree } from './objects';
import type { CommitSnapshot } from './commit-object';
import { listTree, makeTree } from './tree-edit';

export const AURA_DIR_NAME = '.aura';

/** `treeish`'s tree with its top-level .aura entry left out, computed with `git ls-tree` and `git mktree`. */
function treeWithoutAura(treeish: string, cwd: string): string {
  return makeTree(listTree(treeish, cwd).filter((e) => e.name !== AURA_DIR_NAME), cwd);
}

const AURA_NAME = Buffer.from(AURA_DIR_NAME);

/**
 * treeWithoutAura of `tree`, whose top-level listing is `top`, hashed in-process: the very id
 * `git mktree` gives (same canonical modes, same order), without a git process. A top-level
 * name that is not valid UTF-8 takes the git path (its names read as UTF-8 text), as such
 * commits have always been bound; the hooks and `aura audit verify --range` both come here.
 */
function hashedTreeWithoutAura(tree: string, top: RawTreeEntry[], cwd: string): string {
  if (top.some((e) => !Buffer.from(e.name.toString('utf8'), 'utf8').equals(e.name))) return treeWithoutAura(tree, cwd);
  return objectId('tree', serializeTree(top.filter((e) => !e.name.equals(AURA_NAME))), tree.length);
}

/** treeWithoutAura of a snapshot's commit, from the listing the snapshot already holds. */
export const snapshotTreeWithoutAura = (snap: CommitSnapshot, cwd: string): string =>
  hashedTreeWithoutAura(snap.commit.tree, snap.trees.get('')!, cwd);

/** treeWithoutAura of each tree id (the index's `git write-tree`, commits' trees), all read with one `git cat-file`. */
export function treeIdsWithoutAura(trees: string[], cwd: string): string[] {
  return readObjects(cwd, trees).map((o, i) =>
    o && o.type === 'tree' ? hashedTreeWithoutAura(trees[i], parseTree(o.content, trees[i].length), cwd) : treeWithoutAura(trees[i], cwd));
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

// The fields that bind a `commit` entry to its Git commit: the branch, the parent commit ids
// and the tree of the committed content EXCLUDING .aura/ (the log cannot be part of what it
// describes: the entry is inside the tree it would have to hash).
import { listTree, makeTree, TreeEntry } from './tree-edit';

export const AURA_DIR_NAME = '.aura';

/** `treeish`'s tree with its top-level .aura entry left out; pass `top` if already listed. */
export function treeWithoutAura(treeish: string, cwd: string, top: TreeEntry[] = listTree(treeish, cwd)): string {
  return makeTree(top.filter((e) => e.name !== AURA_DIR_NAME), cwd);
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

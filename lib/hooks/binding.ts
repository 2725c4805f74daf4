// The fields that bind a `commit` entry to its Git commit: the branch, the parent commit ids
// and the tree of the committed content EXCLUDING .aura/ (the log cannot be part of what it
// describes: the entry is inside the tree it would have to hash).
import { gitRaw } from '../git/exec';

export const AURA_DIR_NAME = '.aura';

/** `treeish`'s tree with its top-level .aura entry left out (the same id when it has none). */
export function treeWithoutAura(treeish: string, cwd: string): string {
  const listing = gitRaw(['ls-tree', '-z', treeish], { cwd }).stdout.toString('utf8');
  const kept = listing.split('\0').filter((e) => e !== '' && e.slice(e.indexOf('\t') + 1) !== AURA_DIR_NAME);
  const input = kept.map((e) => e + '\0').join('');
  return gitRaw(['mktree', '-z'], { cwd, input }).stdout.toString('utf8').trim();
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

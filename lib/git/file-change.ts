// One file's change between two trees, as `git diff --raw` reports it (lib/git/tree.ts) and as
// the loose-object comparison does (lib/git/tree-diff-loose.ts).
export interface FileSide {
  path: string;
  oid: string;
  mode: string; // "100644", "100755", "120000" (symlink), "160000" (submodule)
}

export interface FileChange {
  /** A, D, M, T (type change) or R (rename, old and new path differ) */
  status: string;
  old: FileSide | null;
  new: FileSide | null;
}

// Listing one tree level with `git ls-tree` and writing one back with `git mktree`: the
// git-only way to compute a binding tree, kept for top-level names that are not valid UTF-8
// (lib/git/binding.ts). Everything else hashes and writes trees in-process
// (lib/git/objects.ts, lib/git/binding.ts, lib/hooks/fold.ts).
import { git, gitRaw } from './exec';

export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  name: string; // one path component
}

/** The direct entries of `tree` (a tree id, or "<commit>:<dir>" style treeish). */
export function listTree(treeish: string, cwd: string): TreeEntry[] {
  const r = gitRaw(['ls-tree', '-z', treeish], { cwd, okCodes: [128] });
  if (r.status !== 0) return []; // the directory does not exist yet
  return r.stdout.toString('utf8').split('\0').filter(Boolean).map((line) => {
    const tab = line.indexOf('\t');
    const [mode, type, oid] = line.slice(0, tab).split(' ');
    return { mode, type, oid, name: line.slice(tab + 1) };
  });
}

export function makeTree(entries: TreeEntry[], cwd: string): string {
  const input = entries.map((e) => `${e.mode} ${e.type} ${e.oid}\t${e.name}\0`).join('');
  return git(['mktree', '-z'], { cwd, input });
}

// Editing a tree without an index: `git ls-tree` one directory level, `git mktree` it back.
// Cost is proportional to the entries on the path being edited, not to the repository's
// size (a temporary index would read every path of the tree: bench/hooks.ts).
import { gitRaw } from '../git/exec';

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
  return gitRaw(['mktree', '-z'], { cwd, input }).stdout.toString('utf8').trim();
}

/**
 * The tree `top` (given as its entries) with the file at `relPath` ("/"-separated) set to
 * `blob`, creating directories on the way. Returns the new tree id.
 */
export function treeWithBlob(top: TreeEntry[], relPath: string, blob: string, cwd: string): string {
  const parts = relPath.split('/');
  const build = (entries: TreeEntry[], depth: number): string => {
    const name = parts[depth];
    const rest = entries.filter((e) => e.name !== name);
    if (depth === parts.length - 1) return makeTree([...rest, { mode: '100644', type: 'blob', oid: blob, name }], cwd);
    const sub = entries.find((e) => e.name === name && e.type === 'tree');
    const subEntries = sub ? listTree(sub.oid, cwd) : [];
    const subTree = build(subEntries, depth + 1);
    return makeTree([...rest, { mode: '040000', type: 'tree', oid: subTree, name }], cwd);
  };
  return build(top, 0);
}

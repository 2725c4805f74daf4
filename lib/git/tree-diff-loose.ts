// Which files differ between two commits (or trees), read from loose objects, when every
// difference is a file changed in place: same path, same kind (file, symlink, submodule).
// That is what most commits are, and the objects are loose when a hook reads them (Git has just
// written the commit; aura wrote its parent's fold): one `git diff-tree` fewer on every commit.
// Anything else — a path added or removed (git pairs those into renames), a kind changed, an
// object not loose here — is null, and the caller asks git. For what this does return, git
// diff-tree says the same: each path with status M, in the same (tree) order.
import type { FileChange } from './tree';
import { readLoose } from './loose';
import { MODE_TREE, parseTree } from './objects';

const kind = (mode: number): string => (mode === 0o120000 ? 'symlink' : mode === 0o160000 ? 'submodule' : 'file');

export function changedInPlace(commonDir: string, base: string, target: string): FileChange[] | null {
  const a = rootTree(commonDir, base);
  const b = rootTree(commonDir, target);
  if (!a || !b) return null;
  const out: FileChange[] = [];
  const walk = (ta: string, tb: string, prefix: string): boolean => {
    if (ta === tb) return true;
    const A = readLoose(commonDir, ta);
    const B = readLoose(commonDir, tb);
    if (A?.type !== 'tree' || B?.type !== 'tree') return false;
    const ea = parseTree(A.content, ta.length);
    const eb = parseTree(B.content, tb.length);
    if (ea.length !== eb.length) return false;
    for (let i = 0; i < ea.length; i++) {
      const [x, y] = [ea[i], eb[i]];
      if (!x.name.equals(y.name)) return false; // a path added or removed
      if (x.oid === y.oid && x.mode === y.mode) continue;
      const path = prefix + x.name.toString('utf8');
      if ((x.mode === MODE_TREE) !== (y.mode === MODE_TREE)) return false;
      if (x.mode === MODE_TREE) {
        if (!walk(x.oid, y.oid, path + '/')) return false;
        continue;
      }
      if (kind(x.mode) !== kind(y.mode)) return false; // a type change: git's T
      out.push({ status: 'M', old: { path, oid: x.oid, mode: x.mode.toString(8) }, new: { path, oid: y.oid, mode: y.mode.toString(8) } });
    }
    return true;
  };
  return walk(a, b, '') ? out : null;
}

/** The root tree of a commit (or a tree) id, from loose objects. */
function rootTree(commonDir: string, oid: string): string | null {
  const o = readLoose(commonDir, oid);
  if (o?.type === 'tree') return oid;
  if (o?.type !== 'commit') return null;
  const m = /^tree ([0-9a-f]+)\n/.exec(o.content.toString('latin1', 0, 100));
  return m ? m[1] : null;
}

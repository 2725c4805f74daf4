// Which files differ between two commits (or trees), read from loose objects, when every
// difference is a file changed in place: same path, same kind (file, symlink, submodule).
// That is what most commits are, and the objects are loose when a hook reads them (Git has just
// written the commit; aura wrote its parent's fold): one `git diff-tree` fewer on every commit.
// Anything else — a path added or removed (git pairs those into renames), a kind changed, an
// object not loose here — is null, and the caller asks git. For what this does return, git
// diff-tree says the same: each path with status M, in the same (tree) order.
import type { FileChange } from './file-change';
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
    // Both listings side by side, raw: most entries are the same bytes and are only skipped
    // (a directory of 500 files would otherwise make 1,000 entry objects per commit).
    const idLen = ta.length / 2;
    let [i, j] = [0, 0];
    const [x, y] = [A.content, B.content];
    while (i < x.length && j < y.length) {
      const ex = x.indexOf(0, i) + 1 + idLen; // end of this entry: "<mode> <name>\0<id>"
      const ey = y.indexOf(0, j) + 1 + idLen;
      if (ex <= idLen || ey <= idLen || ex > x.length || ey > y.length) return false;
      if (ex - i === ey - j && x.compare(y, j, ey, i, ex) === 0) {
        [i, j] = [ex, ey];
        continue;
      }
      const [ea] = parseTree(x.subarray(i, ex), ta.length);
      const [eb] = parseTree(y.subarray(j, ey), tb.length);
      [i, j] = [ex, ey];
      if (!ea.name.equals(eb.name)) return false; // a path added or removed
      const path = prefix + ea.name.toString('utf8');
      if ((ea.mode === MODE_TREE) !== (eb.mode === MODE_TREE)) return false;
      if (ea.mode === MODE_TREE) {
        if (!walk(ea.oid, eb.oid, path + '/')) return false;
        continue;
      }
      if (kind(ea.mode) !== kind(eb.mode)) return false; // a type change: git's T
      out.push({ status: 'M', old: { path, oid: ea.oid, mode: ea.mode.toString(8) }, new: { path, oid: eb.oid, mode: eb.mode.toString(8) } });
    }
    return i === x.length && j === y.length; // one listing longer: a path added or removed
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

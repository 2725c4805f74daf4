// Targets of `authorize-delete`: a symbol path ("src/auth.ts:Session.validate") or a glob over
// symbol paths. `*` matches within one path segment and one name ("src/*.ts:validate*"; it
// stops at "/" and ":"), `**` matches anything ("src/legacy/**"). A target naming a file
// without a symbol ("src/old.ts") covers every symbol in that file.

const globCache = new Map<string, RegExp>();

function globRe(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    let src = '';
    for (let i = 0; i < glob.length; i++) {
      const c = glob[i];
      if (c === '*' && glob[i + 1] === '*' && glob[i + 2] === '/') {
        src += '(?:.*/)?'; // "a/**/b" also matches "a/b"
        i += 2;
      } else if (c === '*' && glob[i + 1] === '*') {
        src += '.*';
        i++;
      } else if (c === '*') src += '[^/:]*';
      else if (c === '?') src += '[^/:]';
      else src += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    re = new RegExp(`^${src}$`);
    globCache.set(glob, re);
  }
  return re;
}

export function symbolMatches(target: string, path: string): boolean {
  if (target === path) return true;
  if (!target.includes(':') && path.startsWith(target + ':')) return true;
  return globRe(target).test(path) || (!target.includes(':') && globRe(target).test(path.slice(0, path.lastIndexOf(':'))));
}

/** A usable target: not blank (file names may hold spaces, so nothing else is refused). */
export const isValidTarget = (t: string): boolean => t.trim().length > 0;

/**
 * A repository path against a path glob (agent policy, zones): the same `*` / `**` / `?` as
 * symbol targets; a glob without wildcards also covers everything under it ("src/auth").
 */
export function pathMatches(glob: string, path: string): boolean {
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  if (g === path || path.startsWith(g + '/')) return true;
  return globRe(g).test(path);
}

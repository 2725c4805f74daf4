// Does the intent name a removed symbol, in the forms people write (docs/intent.md)?
//   the symbol path "src/auth.py:legacy_md5_fallback", the qualified name "Session.validate"
//   (or Session#validate, Session::validate), the last segment "validate", backticks, "validate()",
//   the file path when the whole file goes, and the symbol's words when the intent says it
//   removes them ("remove the legacy MD5 fallback" names legacy_md5_fallback).
// A plain English word ("get", "run", "data") is only a name where it reads as one: in code
// form (backticks, "get()", Class.get) or right after a removal verb ("drop get"). So "get rid
// of caching" does not name a removed `get`.

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wholeWord = (n: string, flags = 'i'): RegExp => new RegExp(`(^|[^\\w$])${escapeRe(n)}($|[^\\w$])`, flags);

// Verbs that say something goes away. "revert" removes what the reverted commit added.
const REMOVAL = /\b(remove[sd]?|removing|delete[sd]?|deleting|drop(?:s|ped|ping)?|get(?:s|ting)? rid of|got rid of|kill(?:s|ed)?|strip(?:s|ped)?|eliminate[sd]?|purge[sd]?|retire[sd]?|revert(?:s|ed)?|unexport(?:s|ed)?|inline[sd]?|inlining|replace[sd]?|deprecate and remove|rip(?:s|ped)? out|excise[sd]?|prune[sd]?|nuke[sd]?|cut|trim(?:med)?)\b/i;
// What may stand between a removal verb and a plain-word name: "remove the unused get method".
const BETWEEN = '(?:\\s+(?:the|a|an|unused|old|legacy|dead|obsolete|deprecated|stale|broken|function|method|class|helper|property|field|type|interface|enum|constant|const|variable|export|exported|endpoint|handler))*';

/** Words of an identifier: snake_case, kebab-case and camelCase split, lower case. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** A name that is one lower-case word, easily an English word in prose. */
const plainWord = (n: string): boolean => /^[a-z]+$/.test(n);

function removalClauses(intent: string): string[] {
  // "Remove validate and login": a list after one verb stays in its clause
  return intent.split(/[\n;!?]|\.\s|\.$/).filter((c) => REMOVAL.test(c));
}

/** Every word of the identifier appears in one clause that also says something is removed. */
function namedByWords(intent: string, name: string): boolean {
  const words = identifierWords(name);
  if (words.length < 2) return false;
  return removalClauses(intent).some((clause) => {
    const lower = clause.toLowerCase();
    return words.every((w) => new RegExp(`(^|[^a-z0-9])${escapeRe(w)}s?($|[^a-z0-9])`).test(lower));
  });
}

function namedPlainWord(intent: string, n: string): boolean {
  const e = escapeRe(n);
  // a longer word in a clause that removes something ("remove retry logic" names `retry`)
  if (n.length >= 5 && removalClauses(intent).some((c) => wholeWord(n).test(c))) return true;
  return new RegExp(`\`${e}(\\(\\))?\``, 'i').test(intent) ||
    new RegExp(`(^|[^\\w$])${e}\\(\\)`, 'i').test(intent) ||
    new RegExp(`${REMOVAL.source}${BETWEEN}\\s+${e}($|[^\\w$])`, 'i').test(intent);
}

/** The forms of a symbol path "file:Outer.inner" a person may write. */
export function intentNames(intent: string, path: string, fileRemoved = false): boolean {
  const colon = path.lastIndexOf(':');
  const file = colon >= 0 ? path.slice(0, colon) : path;
  const qualified = colon >= 0 ? path.slice(colon + 1) : path;
  const segments = qualified.split('.');
  const last = segments[segments.length - 1].replace(/#\d+$/, '');
  // the forms with a separator in them; a lone segment is tested below
  const forms = [path, ...(segments.length > 1 ? [qualified, segments.join('#'), segments.join('::')] : [])];
  if (forms.some((f) => wholeWord(f).test(intent))) return true;
  if (fileRemoved && file !== '' && mentionsPath(intent, file)) return true;
  if (last === '') return false;
  if (plainWord(last) ? namedPlainWord(intent, last) : wholeWord(last).test(intent)) return true;
  return namedByWords(intent, last);
}

/** The file path or a trailing part of it that keeps the file name ("legacy/md5.py", "md5.py"). */
function mentionsPath(intent: string, file: string): boolean {
  const parts = file.split('/');
  for (let i = 0; i < parts.length; i++) {
    const tail = parts.slice(i).join('/');
    if (new RegExp(`(^|[\\s\`'"(])${escapeRe(tail)}($|[\\s\`'"),.;:])`, 'i').test(intent)) return true;
  }
  return false;
}

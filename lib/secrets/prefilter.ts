// Which text could hold a secret at all, decided without loading an engine. Like gitleaks'
// keywords: each rule's pattern implies one of these substrings (case-insensitive), so text
// holding none of them cannot match. The hook dispatcher (hooks/dispatch.sh) greps the staged
// diff's added lines with shellPrefilter(), which `npm run build` writes to dist/hooks/
// (scripts/secret-prefilter.mjs), and starts Node for pre-commit only on a hit; in Node, a file
// goes to secretlint only when it matches SECRETLINT_PREFILTER.
//
// The patterns use only what POSIX ERE (grep -E) and JavaScript read alike: literals, `\.`,
// bracket lists without escapes, `{n}`, `?`, `*` and `|`.
import { AURA_RULES } from './aura-rules';
import { RULES } from './gitleaks-rules';

/** One per rule of @secretlint/secretlint-rule-preset-recommend (its patterns, read in its source). */
const SECRETLINT_KEYWORDS: string[] = [
  'a3t[a-z0-9]', 'akia', 'agpa', 'aida', 'aroa', 'aipa', 'anpa', 'anva', 'asia', // aws access key ids
  'secret_?access_?key', 'account_?id', // aws secret keys and account ids (by their names)
  '-----begin', // privatekey, gcp service accounts
  'x-oauth-basic', '_authtoken', 'npm_', // npm
  '://[^/ \t:@]*:[^/ \t@]*@', // basicauth, database-connection-string, aura/url-password: [user]:password@
  'xox[a-z]-', 'xapp-', 'hooks\\.slack\\.com', // slack
  'sg\\.', // sendgrid
  'shp[a-z][a-z]_', // shopify
  'gh[pousr]_', 'github_pat_', // github
  'glpat-', 'glc_', 'glsa_', // gitlab, grafana
  't3blbkfj', 'sk-ant-', 'gsk_', 'hf_', 'lin_api_', 'ntn_', 'ops_', // AI APIs, linear, notion, 1password
  'hv[sbr]\\.', 'vc[pickr]_', 'dapi', 'dckr_pat_', 'figd_', // vault, vercel, databricks, docker, figma
];

/** gitleaks keywords too short to grep for, and the longer patterns their rules imply. */
// twilio-api-key: SK + 32 hex; aura/url-password: a password before the host
const STUB_REPLACEMENTS: Record<string, string> = { sk: 'sk[0-9a-f]{32}', '://': '://[^/ \t:@]*:[^/ \t@]*@' };

const ereEscape = (k: string): string => k.replace(/[.+*?()[\]{}|^$\\]/g, '\\$&');

/** Every secretlint pattern and rule keyword, one ERE each (read case-insensitively). */
export function prefilterLines(): string[] {
  const gitleaks = new Set([...RULES, ...AURA_RULES].flatMap((r) => r.keywords).map((k) => STUB_REPLACEMENTS[k] ?? ereEscape(k)));
  return [...new Set([...SECRETLINT_KEYWORDS, ...gitleaks])];
}

// A bracket list spelled out only up to this many strings; past it the literal stops before it.
const MAX_SPELLED = 8;

/**
 * Literal strings, at least one of which every match of `ere` contains, or null when there are
 * none worth grepping for. Reads the subset prefilterLines() uses: `\\.`, `x?`, bracket lists.
 * A small list without ranges is spelled out; at a larger one (or a range, a negation, a
 * repeat) the literals stop, kept only if what precedes is rare enough to look for: 3
 * characters, 2 of them letters or digits (`a3t`, `shp`, not `://` or `sk`).
 */
export function literalsOf(ere: string): string[] | null {
  let out = [''];
  for (let i = 0; i < ere.length; i++) {
    const c = ere[i];
    let alts: string[];
    if (c === '\\') alts = [ere[++i]];
    else if (c === '[') {
      const end = ere.indexOf(']', i);
      const body = ere.slice(i + 1, end);
      if (/[-^]/.test(body) || body.length > MAX_SPELLED || '{*+'.includes(ere[end + 1] ?? '')) {
        return out.every((l) => l.length >= 3 && (l.match(/[a-z0-9]/gi) ?? []).length >= 2) ? out : null;
      }
      i = end;
      alts = body.split('');
    } else if ('(){}*+|^$'.includes(c)) return null;
    else alts = [c];
    if (ere[i + 1] === '?') {
      i++;
      alts = [...alts, ''];
    }
    out = out.flatMap((o) => alts.map((a) => o + a));
  }
  return out;
}

/**
 * What hooks/dispatch.sh greps added lines with, split by how grep reads them fastest:
 * `words` for `grep -F -i` (one literal a line: compiled in ~1 ms) and `patterns`, the few
 * rules no literal stands for, for `grep -E -i`. One `grep -E -i` over all ~260 lines spent
 * ~10 ms building its automaton on every commit (README → Performance).
 */
export function shellPrefilter(): { words: string[]; patterns: string[] } {
  const words = new Set<string>();
  const patterns: string[] = [];
  for (const ere of prefilterLines()) {
    const lits = literalsOf(ere);
    if (lits) lits.forEach((l) => words.add(l));
    else patterns.push(ere);
  }
  return { words: [...words], patterns };
}

export const SECRETLINT_PREFILTER = new RegExp(SECRETLINT_KEYWORDS.join('|'), 'i');

// Which text could hold a secret at all, decided without loading an engine. Like gitleaks'
// keywords: each rule's pattern implies one of these substrings (case-insensitive), so text
// holding none of them cannot match. The hook dispatcher (hooks/dispatch.sh) greps the staged
// diff's added lines with prefilterLines(), which `npm run build` writes to
// dist/hooks/secret-prefilter.txt (scripts/secret-prefilter.mjs), and starts Node for
// pre-commit only on a hit; in Node, a file goes to secretlint only when it matches
// SECRETLINT_PREFILTER.
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

/** For `grep -E -i -f`: every secretlint pattern and rule keyword, one ERE a line. */
export function prefilterLines(): string[] {
  const gitleaks = new Set([...RULES, ...AURA_RULES].flatMap((r) => r.keywords).map((k) => STUB_REPLACEMENTS[k] ?? ereEscape(k)));
  return [...new Set([...SECRETLINT_KEYWORDS, ...gitleaks])];
}

export const SECRETLINT_PREFILTER = new RegExp(SECRETLINT_KEYWORDS.join('|'), 'i');

// The shape of a rule imported from gitleaks' rule set (lib/secrets/gitleaks-rules.ts), in
// JavaScript regular-expression syntax (bench/secrets/import-gitleaks.py converts it).

/** An allowlist: a match is not a secret when one of its regexes or stopwords matches. */
export interface GitleaksAllow {
  target?: string; // what the regexes test: "secret" (default), "match" or "line"
  regexes: [source: string, flags: string][];
  stopwords: string[]; // lower-case substrings of the secret
}

export interface GitleaksRule {
  id: string;
  pattern: string;
  flags: string;
  keywords: string[]; // lower case; the rule runs only on text holding one of them
  entropy?: number; // minimum Shannon entropy (bits per character) of the secret
  secretGroup?: number; // which capture group is the secret (default: the first non-empty one)
  allow?: GitleaksAllow[];
}

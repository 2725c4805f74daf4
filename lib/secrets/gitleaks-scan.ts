// gitleaks' provider rules (lib/secrets/gitleaks-rules.ts), run with gitleaks' own semantics:
// a rule runs only on text holding one of its keywords; the secret is its secretGroup (else the first non-empty group, else the whole match); a secret below the
// rule's entropy, or matched by the rule's or the global allowlist, is not reported.
import type { GitleaksAllow, GitleaksRule } from './gitleaks-types';
import { AURA_RULES } from './aura-rules';
import { GLOBAL_ALLOW, RULES } from './gitleaks-rules';

interface Compiled {
  rule: GitleaksRule;
  re: RegExp;
  allow: { target: string; regexes: RegExp[]; stopwords: string[] }[];
}

let compiled: Compiled[] | null = null;
let keywordRe: RegExp | null = null;
let allKeywords: string[] = [];

const compileAllow = (a: GitleaksAllow) => ({
  target: a.target ?? 'secret',
  regexes: a.regexes.map(([s, f]) => new RegExp(s, f)),
  stopwords: a.stopwords,
});

/** Rules whose pattern JavaScript cannot compile are left out (and listed by bench:secrets). */
export const uncompilable: string[] = [];

function rules(): Compiled[] {
  if (compiled) return compiled;
  compiled = [];
  for (const rule of [...RULES, ...AURA_RULES]) {
    try {
      compiled.push({ rule, re: new RegExp(rule.pattern, rule.flags + 'gd'), allow: (rule.allow ?? []).map(compileAllow) });
    } catch {
      uncompilable.push(rule.id);
    }
  }
  // One pass over the text finds every keyword present (220 rules × their keywords tested one
  // by one cost 2.5 ms per 5 KB file; this costs a tenth of it).
  const words = [...new Set(compiled.flatMap((c) => c.rule.keywords))].sort((a, b) => b.length - a.length);
  allKeywords = words;
  keywordRe = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return compiled;
}

const globalAllow = compileAllow(GLOBAL_ALLOW);

/** Shannon entropy in bits per character, as gitleaks computes it. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function lineAt(text: string, start: number, end: number): string {
  const a = text.lastIndexOf('\n', start - 1) + 1;
  const b = text.indexOf('\n', end);
  return text.slice(a, b < 0 ? text.length : b);
}

function allowed(c: Compiled, secret: string, match: string, text: string, start: number, end: number): boolean {
  const lower = secret.toLowerCase();
  if (globalAllow.regexes.some((r) => r.test(secret)) || globalAllow.stopwords.some((w) => lower.includes(w))) return true;
  for (const a of c.allow) {
    const subject = a.target === 'match' ? match : a.target === 'line' ? lineAt(text, start, end) : secret;
    if (a.regexes.some((r) => r.test(subject)) || a.stopwords.some((w) => lower.includes(w))) return true;
  }
  return false;
}

export interface GitleaksHit {
  rule: string; // gitleaks rule id, or an aura rule's (lib/secrets/aura-rules.ts)
  aura: boolean;
  start: number; // the secret's offsets in the text (UTF-16)
  end: number;
}

/** Every secret gitleaks' rules find in `text`. */
export function gitleaksScan(text: string): GitleaksHit[] {
  const all = rules();
  const present = new Set<string>();
  const re = keywordRe!;
  re.lastIndex = 0;
  // overlapping matches: the next search starts one past the last match's start
  for (let m = re.exec(text); m; re.lastIndex = m.index + 1, m = re.exec(text)) present.add(m[0].toLowerCase());
  // a keyword inside a longer one found at the same place ("sk" in "sk_live") is present too
  for (const k of allKeywords) if (!present.has(k) && [...present].some((p) => p.includes(k))) present.add(k);
  const hits: GitleaksHit[] = [];
  if (present.size === 0) return hits;
  for (const c of all) {
    if (!c.rule.keywords.some((k) => present.has(k))) continue;
    c.re.lastIndex = 0;
    for (const m of text.matchAll(c.re)) {
      let g = c.rule.secretGroup ?? 0;
      if (!c.rule.secretGroup) for (let i = 1; i < m.length; i++) if (m[i]) { g = i; break; }
      const secret = m[g] ?? m[0];
      if (!secret) continue;
      const [start, end] = m.indices![g] ?? m.indices![0];
      if (c.rule.entropy !== undefined && entropy(secret) < c.rule.entropy) continue;
      if (allowed(c, secret, m[0], text, start, end)) continue;
      hits.push({ rule: c.rule.id, aura: AURA_RULES.includes(c.rule), start, end });
    }
  }
  return hits;
}

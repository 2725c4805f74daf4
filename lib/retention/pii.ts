// Finding personal data and credentials in intent text and replacing each with a stable
// token "[kind:12 hex]". The same value gets the same token everywhere in a repository (so an
// auditor can still see that two intents name the same address) but the token does not
// reveal the value: it is BLAKE3 over a secret per-repository key and the value, so the
// guessable values (emails, phone numbers) cannot be confirmed by hashing candidates.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { blake3Parts } from '../crypto/blake3';

export type PiiKind = 'credential' | 'email' | 'ipv6' | 'ipv4' | 'phone';

interface Rule {
  kind: PiiKind;
  re: RegExp;
  /** the capture group that holds the value, when the match has a label around it */
  group?: number;
  keep?: (m: string) => boolean;
}

// Order matters: credentials first (a token may contain "@" or digits), then the rest.
const RULES: Rule[] = [
  { kind: 'credential', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g },
  { kind: 'credential', re: /\b(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|auth)\s*[:=]\s*("[^"\n]*"|'[^'\n]*'|[^\s,;]+)/gi, group: 1 },
  { kind: 'credential', re: /\bBearer\s+([A-Za-z0-9._~+/-]{8,}=*)/g, group: 1 },
  { kind: 'credential', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bxox[abprs]-[A-Za-z0-9-]{10,}\b|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { kind: 'email', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  {
    kind: 'ipv6',
    re: /(?<![\w:.])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,7}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?|::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6}))(?![\w:])/g,
    // "std::vector" or "a::b" are code, not addresses: an address has a digit and two colons.
    keep: (m) => /\d/.test(m) && (m.match(/:/g) ?? []).length >= 2,
  },
  { kind: 'ipv4', re: /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\d.])/g },
  { kind: 'phone', re: /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\w)|(?<!\w)\(\d{3}\)\s?\d{3}[ .-]\d{4}(?!\w)|(?<![\w.-])\d{3}[ .-]\d{3}[ .-]\d{4}(?![\w.-])/g },
];

export interface Tokenized {
  text: string;
  found: PiiKind[];
}

export const tokenFor = (key: Buffer, kind: string, value: string): string =>
  `[${kind}:${blake3Parts([key, kind, Buffer.from([0]), value]).toString('hex').slice(0, 12)}]`;

/** `text` with every match replaced by its token; already-tokenized text is left as it is. */
export function tokenizePii(text: string, key: Buffer): Tokenized {
  const found: PiiKind[] = [];
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.re, (match: string, ...groups: unknown[]) => {
      if (rule.keep && !rule.keep(match)) return match;
      const value = rule.group ? (groups[rule.group - 1] as string) : match;
      if (value === undefined || /^\[[a-z0-9]+:[0-9a-f]{12}\]$/.test(value)) return match;
      found.push(rule.kind);
      return rule.group ? match.replace(value, tokenFor(key, rule.kind, value)) : tokenFor(key, rule.kind, value);
    });
  }
  return { text: out, found };
}

/**
 * The repository's token key (32 random bytes, created on first use, mode 0600). It lives in
 * the Git common dir, never in the working tree or the log: whoever has it can test guesses.
 */
export function tokenKey(path: string): Buffer {
  try {
    const k = readFileSync(path);
    if (k.length === 32) return k;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(path), { recursive: true });
  const k = randomBytes(32);
  writeFileSync(path, k, { mode: 0o600, flag: 'wx' });
  return k;
}

// What a finding shows: file, line, rule, a masked excerpt and a fingerprint. The secret itself
// never leaves this module: the mask keeps at most its first four characters (a provider
// prefix such as "ghp_" or "AKIA") and its length, and the fingerprint is a hash.
import { blake3 } from '../crypto/blake3';
import type { RawFinding } from './engine';

export interface Finding {
  path: string;
  line: number; // 1-based
  column: number; // 1-based, in characters
  rule: string;
  fingerprint: string; // "sfp_" + 24 hex: BLAKE3 of rule and secret (lib/secrets/fingerprint)
  masked: string; // the secret masked
  excerpt: string; // its line with the secret masked, at most EXCERPT_MAX characters
}

const EXCERPT_MAX = 120;

/** "ghp_…(40 chars)": the first characters of a long secret only, never its end. */
export function mask(secret: string): string {
  const keep = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0;
  return `${secret.slice(0, keep)}…(${secret.length} chars)`;
}

/** The identity of a secret for overrides: the same secret under the same rule, wherever it is. */
export function fingerprint(rule: string, secret: string): string {
  return 'sfp_' + blake3(`aura-secret-fingerprint\0${rule}\0${secret}`).toString('hex').slice(0, 24);
}

/** The salted form an override entry records: BLAKE3(salt ‖ fingerprint), 64 hex. */
export function saltedFingerprint(fp: string, saltHex: string): string {
  return blake3(Buffer.concat([Buffer.from(saltHex, 'hex'), Buffer.from(fp, 'utf8')])).toString('hex');
}

/** The line around offset `at`: [start, end) without its newline. */
function lineBounds(text: string, at: number): [number, number] {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const nl = text.indexOf('\n', at);
  return [start, nl < 0 ? text.length : nl];
}

/** The line of `raw` with EVERY finding on it masked (a second secret on the line stays hidden too). */
function maskedLine(text: string, raw: RawFinding, all: RawFinding[]): string {
  const [ls, le] = lineBounds(text, raw.start);
  const on = all.filter((f) => f.start < le && f.end > ls).sort((a, b) => a.start - b.start);
  let out = '';
  let at = ls;
  for (const f of on) {
    if (f.start < at) continue;
    out += text.slice(at, f.start) + mask(text.slice(f.start, f.end));
    at = Math.min(f.end, le);
    if (f.end > le) return out; // a secret spanning lines (a PEM key): nothing after its start
  }
  return out + text.slice(at, le);
}

/** Findings for `raws` in `text`: line and column, masked secret and excerpt, fingerprint. */
export function describe(path: string, text: string, raws: RawFinding[]): Finding[] {
  return raws.map((raw) => {
    const secret = text.slice(raw.start, raw.end);
    const [ls] = lineBounds(text, raw.start);
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < raw.start; i = text.indexOf('\n', i + 1)) line++;
    let excerpt = maskedLine(text, raw, raws).replace(/[\r\t]/g, ' ');
    const col = raw.start - ls;
    if (col > 40) excerpt = '…' + excerpt.slice(col - 40);
    if (excerpt.length > EXCERPT_MAX) excerpt = excerpt.slice(0, EXCERPT_MAX - 1) + '…';
    return { path, line, column: col + 1, rule: raw.rule, fingerprint: fingerprint(raw.rule, secret), masked: mask(secret), excerpt };
  });
}

// The intent check: does the stated intent fit the semantic delta? A pure function of its
// inputs (no Git, no log, no clock unless given) so every rule is unit-testable; the hooks
// gather the inputs (lib/hooks/evaluate.ts).
import type { AstDelta, DeltaNode } from '../entry/types';
import { symbolMatches } from './glob';

export type Verdict = 'consistent' | 'ambiguous' | 'inconsistent';

/** A verified, human-signed `authorize-delete` entry that no commit has consumed yet. */
export interface Authorization {
  hash: string;
  id: string;
  keyId: string;
  targets: string[];
  expires?: string; // RFC 3339
}

export interface CheckInput {
  intent: string;
  delta: AstDelta;
  authorizations: Authorization[];
  committer: 'human' | 'agent';
  strict: boolean;
  now: number; // ms since epoch, for expiries
}

export interface Finding {
  path: string;
  change: DeltaNode['change'];
  severity: 'ok' | 'ambiguous' | 'inconsistent';
  reason: string;
  /** true when strict mode refuses the commit because of this symbol */
  blocks: boolean;
}

export interface CheckResult {
  verdict: Verdict;
  findings: Finding[];
  /** hashes of the authorizations this commit consumes (its entry lists them) */
  used: string[];
  blocked: boolean;
  /** commands that clear a block, one per blocking symbol */
  fixes: string[];
}

// Words that claim a change has no effect on behaviour.
const COSMETIC = /\b(typos?|format(?:ting|ted)?|whitespace|white-space|indent(?:ation)?|comments?|docs?|documentation|docstrings?|spelling|style|lint(?:ing)?|prettier|cosmetic|readme|wording)\b/i;
// Intents that say nothing about what changed.
const GENERIC = new Set([
  'wip', 'fix', 'fixes', 'fixed', 'update', 'updates', 'updated', 'change', 'changes', 'changed', 'misc', 'stuff',
  'tmp', 'temp', 'test', 'commit', 'save', 'work', 'more', 'minor', 'tweak', 'tweaks', 'cleanup', 'refactor',
  'asdf', 'x', 'edit', 'edits', 'progress', 'done', 'again', 'small', 'some',
]);

/** True when every word of the intent is generic ("wip", "fix stuff", "minor update"). */
export function isGenericIntent(intent: string): boolean {
  const words = intent.toLowerCase().split(/[^a-z0-9_]+/).filter(Boolean);
  return words.length > 0 && words.length <= 3 && words.every((w) => GENERIC.has(w));
}

/** The word the intent claims a cosmetic change with, if any. */
export function cosmeticClaim(intent: string): string | null {
  const m = COSMETIC.exec(intent);
  return m ? m[1] : null;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Does the intent name this symbol: its full path, qualified name or last name segment, as a whole word? */
export function intentNames(intent: string, path: string): boolean {
  const colon = path.lastIndexOf(':');
  const qualified = colon >= 0 ? path.slice(colon + 1) : path;
  const last = qualified.split('.').pop() ?? qualified;
  return [path, qualified, last].some((n) => n !== '' && new RegExp(`(^|[^\\w$])${escapeRe(n)}($|[^\\w$])`, 'i').test(intent));
}

/** A node whose normalized syntax changed (comments and layout do not count). */
const syntaxChanged = (n: DeltaNode): boolean =>
  n.kind !== 'file' && (n.change === 'added' || n.change === 'removed' || n.before !== n.after);

export function checkIntent(input: CheckInput): CheckResult {
  const { intent, delta, strict, committer, now } = input;
  const findings: Finding[] = [];
  const used = new Set<string>();
  const fixes: string[] = [];
  const live = input.authorizations.filter((a) => !a.expires || Date.parse(a.expires) > now);
  const cosmetic = cosmeticClaim(intent);

  for (const n of delta.nodes) {
    if (n.change === 'removed' && n.kind !== 'file') {
      const auth = live.find((a) => a.targets.some((t) => symbolMatches(t, n.path)));
      const named = intentNames(intent, n.path);
      if (auth) {
        used.add(auth.hash);
        findings.push({ path: n.path, change: n.change, severity: 'ok', blocks: false, reason: `deletion authorized by ${auth.id} (key ${auth.keyId})` });
      } else if (named && (committer === 'human' || !strict)) {
        findings.push({ path: n.path, change: n.change, severity: 'ok', blocks: false, reason: 'the intent names this removed symbol' });
      } else {
        const why = named
          ? 'the intent names it, but an agent key cannot authorize a deletion: a human must (authorize-delete)'
          : 'removed, but the intent does not name it and no authorize-delete entry covers it';
        findings.push({ path: n.path, change: n.change, severity: 'inconsistent', blocks: strict, reason: why });
        if (strict) fixes.push(`aura intent authorize-delete '${n.path}' --reason "…"   (a human key), then commit again`);
      }
      continue;
    }
    if (cosmetic && syntaxChanged(n)) {
      findings.push({
        path: n.path, change: n.change, severity: 'inconsistent', blocks: strict,
        reason: `the intent claims a cosmetic change ("${cosmetic}") but this symbol's normalized syntax changed`,
      });
      continue;
    }
    if (n.change === 'renamed' || n.change === 'moved') {
      findings.push({ path: n.path, change: n.change, severity: 'ok', blocks: false, reason: `${n.change} from ${n.from ?? '?'} (not a deletion)` });
      continue;
    }
    findings.push({ path: n.path, change: n.change, severity: 'ok', blocks: false, reason: n.kind === 'file' ? 'file-level change' : 'fits the intent' });
  }

  const substantive = delta.nodes.some((n) => n.kind !== 'file');
  if (isGenericIntent(intent) && substantive) {
    for (const f of findings) {
      if (f.severity === 'ok' && f.change !== 'renamed' && f.change !== 'moved') {
        f.severity = 'ambiguous';
        f.reason = `the intent "${intent.trim()}" is generic: it does not say why this symbol changed`;
      }
    }
  }
  if (cosmetic && strict && findings.some((f) => f.blocks && f.change !== 'removed')) {
    fixes.push('say what the change really does: commit again with git commit -m "…" (or log it first: aura intent "…")');
  }

  const verdict: Verdict = findings.some((f) => f.severity === 'inconsistent')
    ? 'inconsistent'
    : findings.some((f) => f.severity === 'ambiguous')
      ? 'ambiguous'
      : 'consistent';
  return { verdict, findings, used: [...used], blocked: strict && findings.some((f) => f.blocks), fixes };
}

const MARK: Record<Finding['severity'], string> = { ok: '✓', ambiguous: '?', inconsistent: '✗' };

/** The semantic report printed by the hooks: one line per symbol and why. */
export function formatReport(intent: string, result: CheckResult, strict: boolean): string {
  const lines = [`aura: intent check — ${result.verdict}${strict ? ' (strict mode)' : ''}`, `  intent: ${JSON.stringify(intent.trim())}`];
  if (result.findings.length === 0) lines.push('  (no symbol-level changes)');
  for (const f of result.findings) lines.push(`  ${MARK[f.severity]} ${f.change.padEnd(8)} ${f.path} — ${f.reason}`);
  if (result.blocked) {
    lines.push('aura: commit refused by strict mode. To clear it:');
    for (const fix of [...new Set(result.fixes)]) lines.push(`  ${fix}`);
  } else if (result.verdict !== 'consistent') {
    lines.push(`aura: warning: the intent is ${result.verdict} with the change (committing anyway: strict mode is off)`);
  }
  return lines.join('\n');
}

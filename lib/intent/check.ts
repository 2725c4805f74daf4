// The intent check: does the stated intent fit the semantic delta? A pure function of its
// inputs (no Git, no log, no clock unless given) so every rule is unit-testable; the hooks
// gather the inputs (lib/hooks/evaluate.ts).
import type { AstDelta, DeltaNode } from '../entry/types';
import { readClaims } from './claims';
import { symbolMatches } from './glob';
import { intentNames } from './names';

export type Verdict = 'consistent' | 'ambiguous' | 'inconsistent';

/** A verified, human-signed `authorize-delete` entry that no commit has consumed yet. */
export interface Authorization {
  hash: string;
  id: string;
  keyId: string;
  targets: string[];
  expires?: string; // RFC 3339
}

/** Where a file that does not parse first fails (1-based). */
export interface ParseErrorAt {
  line: number;
  column: number;
}

/** An intent convention: a signed policy's `intent_pattern` (docs/intent.md). */
export interface IntentConvention {
  pattern: string;
  message?: string;
}

export interface CheckInput {
  intent: string;
  delta: AstDelta;
  authorizations: Authorization[];
  committer: 'human' | 'agent';
  strict: boolean;
  now: number; // ms since epoch, for expiries
  /** modified nodes (symbol or file paths) whose edit is only string literals, or only a reordering of top-level statements */
  editKinds?: ReadonlyMap<string, 'literal' | 'reorder'>;
  /** the first syntax error of each changed file that does not parse, by file path */
  parseErrors?: ReadonlyMap<string, ParseErrorAt>;
  /** policy `refuse_parse_errors`: strict mode refuses unparsable source files */
  refuseParseErrors?: boolean;
  /** policy `intent_pattern`: enforced in every mode, for every committer */
  convention?: IntentConvention | null;
}

export interface Finding {
  path: string;
  /** the node's change, or "message" for a finding about the intent text itself */
  change: DeltaNode['change'] | 'message';
  severity: 'ok' | 'ambiguous' | 'inconsistent';
  reason: string;
  /** true when the commit is refused because of this finding */
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

/** A node whose normalized syntax changed (comments and layout do not count). */
const syntaxChanged = (n: DeltaNode): boolean =>
  n.kind !== 'file' && (n.change === 'added' || n.change === 'removed' || n.before !== n.after);

/** A parsed source file whose code outside every symbol (imports, top-level statements) changed. */
const moduleCodeChanged = (n: DeltaNode): boolean => n.kind === 'file' && n.content === 'text' && n.change !== 'moved' && !n.parse_error;

const fileOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf(':')));

/** The convention finding: null when the intent follows it. */
function conventionFinding(intent: string, c: IntentConvention): Finding | null {
  let re: RegExp;
  try {
    re = new RegExp(c.pattern, 'u');
  } catch (e) {
    return { path: '(intent)', change: 'message', severity: 'inconsistent', blocks: true, reason: `the policy's intent pattern /${c.pattern}/ does not compile (${(e as Error).message}): an admin must set a valid one (aura policy intent --require-pattern …)` };
  }
  if (re.test(intent)) return null;
  return { path: '(intent)', change: 'message', severity: 'inconsistent', blocks: true, reason: `the intent does not follow this repository's convention /${c.pattern}/${c.message ? `: ${c.message}` : ''}` };
}

export function checkIntent(input: CheckInput): CheckResult {
  const { intent, delta, strict, committer, now } = input;
  const findings: Finding[] = [];
  const used = new Set<string>();
  const fixes: string[] = [];
  const live = input.authorizations.filter((a) => !a.expires || Date.parse(a.expires) > now);
  const claims = readClaims(intent);
  const cosmetic = claims.cosmetic;
  const editKinds = input.editKinds ?? new Map<string, 'literal' | 'reorder'>();
  const refuseParse = strict && input.refuseParseErrors === true;
  const unparsable = new Map(delta.nodes.filter((n) => n.kind === 'file' && n.parse_error && n.change !== 'removed').map((n) => [n.path, n]));
  const removedFiles = new Set(delta.nodes.filter((n) => n.kind === 'file' && n.change === 'removed').map((n) => n.path));
  const where = (file: string): string => {
    const at = input.parseErrors?.get(file);
    return at ? `${file}:${at.line}:${at.column}` : file;
  };

  for (const n of delta.nodes) {
    if (n.kind === 'file' && unparsable.has(n.path)) {
      findings.push({ path: n.path, change: n.change, severity: 'ambiguous', blocks: refuseParse, reason: `does not parse (first error at ${where(n.path)}): its symbols cannot be compared${refuseParse ? '; the policy refuses unparsable source files' : ''}` });
      if (refuseParse) fixes.push(`fix the syntax error at ${where(n.path)}, stage it, then commit again`);
      continue;
    }
    if (n.change === 'removed' && n.kind !== 'file') {
      // A symbol the parser could not find in a broken file was not deleted: it was not read.
      if (unparsable.has(fileOf(n.path))) {
        findings.push({ path: n.path, change: n.change, severity: 'ambiguous', blocks: refuseParse, reason: `reported removed only because ${where(fileOf(n.path))} does not parse: not treated as a deletion` });
        continue;
      }
      const auth = live.find((a) => a.targets.some((t) => symbolMatches(t, n.path)));
      const named = intentNames(intent, n.path, removedFiles.has(fileOf(n.path))) || namedByParent(intent, n.path, delta);
      if (auth) {
        used.add(auth.hash);
        findings.push({ path: n.path, change: n.change, severity: 'ok', blocks: false, reason: `deletion authorized by ${auth.id} (key ${auth.keyId})` });
      } else if (named && (committer === 'human' || !strict)) {
        if (cosmetic) {
          // "fix typo in checkPermission" that deletes checkPermission: naming it is not saying so
          findings.push({ path: n.path, change: n.change, severity: 'inconsistent', blocks: strict, reason: `the intent claims the whole change is cosmetic ("${cosmetic.words}") yet removes this symbol` });
          if (strict) fixes.push(`say that the commit removes ${n.path}, or authorize it: aura intent authorize-delete '${n.path}' --reason "…"`);
        } else if (claims.preservesBehaviour) {
          findings.push({ path: n.path, change: n.change, severity: 'ambiguous', blocks: false, reason: `the intent claims "${claims.preservesBehaviour}" (no behaviour change) yet removes this symbol (named, not authorized): say what the removal changes, or authorize it` });
        } else {
          findings.push({ path: n.path, change: n.change, severity: 'ok', blocks: false, reason: 'the intent names this removed symbol' });
        }
      } else {
        const why = named
          ? 'the intent names it, but an agent key cannot authorize a deletion: a human must (authorize-delete)'
          : 'removed, but the intent does not name it and no authorize-delete entry covers it';
        findings.push({ path: n.path, change: n.change, severity: 'inconsistent', blocks: strict, reason: why });
        if (strict) fixes.push(`aura intent authorize-delete '${n.path}' --reason "…"   (a human key), then commit again`);
      }
      continue;
    }
    if (cosmetic && (syntaxChanged(n) || moduleCodeChanged(n))) {
      const wording = cosmetic.kind === 'typo' || cosmetic.kind === 'docs';
      const edit = n.change === 'modified' ? editKinds.get(n.path) : undefined;
      if (edit === 'literal' && wording) {
        findings.push({ path: n.path, change: n.change, severity: 'ok', blocks: false, reason: 'only string literals changed: fits a wording fix' });
        continue;
      }
      if (edit === 'reorder' && !wording) {
        findings.push({ path: n.path, change: n.change, severity: 'ok', blocks: false, reason: 'only the order of top-level statements changed (imports sorted): fits a formatting change' });
        continue;
      }
      if (n.change === 'renamed' && (cosmetic.kind === 'typo' || cosmetic.kind === 'style')) {
        findings.push({ path: n.path, change: n.change, severity: 'ok', blocks: false, reason: `renamed from ${n.from ?? '?'}, body unchanged: fits a spelling fix` });
        continue;
      }
      if (n.change === 'renamed' || n.change === 'moved') {
        findings.push({ path: n.path, change: n.change, severity: 'ambiguous', blocks: false, reason: `${n.change} from ${n.from ?? '?'} under a cosmetic claim ("${cosmetic.words}")` });
        continue;
      }
      findings.push({
        path: n.path, change: n.change, severity: 'inconsistent', blocks: strict,
        reason: `the intent claims the whole change is cosmetic ("${cosmetic.words}") but this ${n.kind === 'file' ? "file's code outside its symbols" : "symbol's normalized syntax"} changed`,
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
  if (cosmetic && strict && findings.some((f) => f.blocks && f.change !== 'removed' && !unparsable.has(f.path))) {
    fixes.push('say what the change really does: commit again with git commit -m "…" (or log it first: aura intent "…")');
  }
  const convention = input.convention ? conventionFinding(intent, input.convention) : null;
  if (convention) {
    findings.unshift(convention);
    fixes.push(`write the intent in this repository's convention (/${input.convention!.pattern}/)${input.convention!.message ? `: ${input.convention!.message}` : ''}`);
  }

  const verdict: Verdict = findings.some((f) => f.severity === 'inconsistent')
    ? 'inconsistent'
    : findings.some((f) => f.severity === 'ambiguous')
      ? 'ambiguous'
      : 'consistent';
  return { verdict, findings, used: [...used], blocked: findings.some((f) => f.blocks), fixes };
}

/** "Remove the Session class" names Session.validate too, when Session itself is removed. */
function namedByParent(intent: string, path: string, delta: AstDelta): boolean {
  const colon = path.lastIndexOf(':');
  const dot = path.lastIndexOf('.');
  if (dot <= colon) return false;
  const parent = path.slice(0, dot);
  return delta.nodes.some((m) => m.path === parent && m.change === 'removed') && (intentNames(intent, parent) || namedByParent(intent, parent, delta));
}

const MARK: Record<Finding['severity'], string> = { ok: '✓', ambiguous: '?', inconsistent: '✗' };

/** The semantic report printed by the hooks: one line per symbol and why. */
export function formatReport(intent: string, result: CheckResult, strict: boolean): string {
  const lines = [`aura: intent check — ${result.verdict}${strict ? ' (strict mode)' : ''}`, `  intent: ${JSON.stringify(intent.trim())}`];
  if (result.findings.length === 0) lines.push('  (no symbol-level changes)');
  for (const f of result.findings) lines.push(`  ${MARK[f.severity]} ${f.change.padEnd(8)} ${f.path} — ${f.reason}`);
  if (result.blocked) {
    const byStrict = result.findings.some((f) => f.blocks && f.change !== 'message');
    lines.push(`aura: commit refused by ${byStrict ? 'strict mode' : "this repository's intent convention (a signed policy)"}. To clear it:`);
    for (const fix of [...new Set(result.fixes)]) lines.push(`  ${fix}`);
  } else if (result.verdict !== 'consistent') {
    lines.push(`aura: warning: the intent is ${result.verdict} with the change (committing anyway${strict ? ': nothing here blocks' : ': strict mode is off'})`);
  }
  return lines.join('\n');
}

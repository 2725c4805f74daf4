// The log-derived part of the evidence report: one pass over the pack's entries (file order,
// parents first), keeping per-period aggregates and the findings to list, never the entries.
// A pure function of the entries, the verification result and the period, so that
// `aura audit verify --report` re-derives exactly the same object (lib/report/check.ts).
import { AstDelta, Entry, ENVELOPE_FIELDS } from '../entry/types';
import { checkIntent, Authorization } from '../intent/check';
import { parseTs } from '../time';
import type { VerifyReport } from '../verify/types';
import { FRAMEWORKS } from './frameworks';
import { Deletion, EntryRef, IntentFinding, REPORT_SCHEMA, ReportData, Signer, Verification } from './types';

/** Capabilities the report has a section of its own for; any other one is listed under governance. */
const CORE = new Set(['genesis', 'key-add', 'key-revoke', 'commit', 'supersede', 'authorize-delete', 'redact']);
const MAX_FAILURES = 50;
const MAX_REASONS = 10;

interface KeyInfo extends Signer {
  admin: boolean;
}

interface AuthorizeDelete extends EntryRef {
  intent: string;
  targets: string[];
  expires?: string;
}

/** ISO 8601 week ("2026-W14") and the date of its Monday. */
export function isoWeek(ms: number): { week: string; start: string } {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
  const thursday = new Date(monday + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return { week: `${year}-W${String(week).padStart(2, '0')}`, start: new Date(monday).toISOString().slice(0, 10) };
}

export function verificationOf(r: VerifyReport): Verification {
  return {
    result: !r.ok ? 'BROKEN' : r.forked ? 'FORKED' : 'OK',
    entries: r.entries,
    signatures: { ...r.signatures },
    parents: { ...r.parents },
    genesis: r.genesis ? { hash: r.genesis.hash, entry: r.genesis.entry, key: r.genesis.key, key_id: r.genesis.keyId } : null,
    tips: r.tips.map((t) => t.hash),
    failure_count: r.failureCount,
    failures: r.failures.slice(0, MAX_FAILURES).map((f) => ({ category: f.category, entry: f.entry, line: f.line, reason: f.reason })),
  };
}

export class ReportCollector {
  private readonly since: number;
  private readonly until: number;
  private readonly keys = new Map<string, KeyInfo>();
  private readonly authorizations = new Map<string, AuthorizeDelete>();
  private readonly intents = new Map<string, string>(); // of superseded entries only
  private readonly perSigner = new Map<string, number>();
  private readonly weeks = new Map<string, { week: string; start: string; human: number; agent: number }>();
  private readonly agentWork = new Map<string, { commits: number; files: Set<string>; symbols: number }>();
  private readonly policies: { ts: string; strict: boolean; entry: string; by: Signer; reason: string }[] = [];
  private strictNow = false;
  private entries = 0;
  private firstTs: string | null = null;
  private lastTs: string | null = null;
  readonly data: Omit<ReportData, 'schema' | 'period' | 'log' | 'verification' | 'signers' | 'activity' | 'strict_periods' | 'agents' | 'frameworks'> = {
    deletions: [],
    intents: [],
    supersedes: [],
    keys: { added: [], revoked: [] },
    governance: [],
    backfilled: [],
  };
  private inPeriod = 0;
  private commits = { human: 0, agent: 0 };

  /** `superseded`: hashes some entry corrects (their intents are kept to show beside the correction). */
  constructor(period: { since: number; until: number }, private readonly superseded: ReadonlySet<string>) {
    this.since = period.since;
    this.until = period.until;
  }

  private signer(e: Entry): Signer {
    const k = this.keys.get(e.author.pubkey);
    return { key: e.author.pubkey, key_id: k?.key_id ?? '(unregistered)', kind: e.author.kind };
  }

  private ref(e: Entry): EntryRef {
    return { entry: e.id, hash: e.hash, ts: e.ts, by: this.signer(e) };
  }

  add(e: Entry): void {
    this.entries++;
    this.firstTs ??= e.ts;
    this.lastTs = e.ts;
    if (this.superseded.has(e.hash)) this.intents.set(e.hash, e.intent);
    this.track(e);
    const ms = parseTs(e.ts);
    if (!(ms >= this.since && ms <= this.until)) return;
    this.inPeriod++;
    this.perSigner.set(e.author.pubkey, (this.perSigner.get(e.author.pubkey) ?? 0) + 1);
    this.report(e, ms);
  }

  /** State that outlives the period: keys, authorizations, the policy in force. */
  private track(e: Entry): void {
    const f = e as Record<string, any>;
    if (e.capability === 'genesis' || e.capability === 'key-add') {
      if (typeof f.key === 'string') this.keys.set(f.key, { key: f.key, key_id: String(f.key_id), kind: f.key_kind === 'agent' ? 'agent' : 'human', admin: Array.isArray(f.roles) && f.roles.includes('admin') });
    } else if (e.capability === 'authorize-delete' && Array.isArray(f.targets)) {
      this.authorizations.set(e.hash, { ...this.ref(e), intent: e.intent, targets: f.targets.map(String), ...(typeof f.expires === 'string' ? { expires: f.expires } : {}) });
    } else if (e.capability === 'policy' && f.policy && typeof f.policy === 'object') {
      const strict = f.policy.strict === true;
      if (this.policies.length === 0 || this.policies[this.policies.length - 1].strict !== strict) {
        this.policies.push({ ts: e.ts, strict, entry: e.id, by: this.signer(e), reason: e.intent });
      }
      this.strictNow = strict;
    }
  }

  private report(e: Entry, ms: number): void {
    const f = e as Record<string, any>;
    const d = this.data;
    switch (e.capability) {
      case 'commit':
        this.commit(e, ms);
        break;
      case 'key-add':
      case 'genesis':
        d.keys.added.push({ ...this.ref(e), key: String(f.key), key_id: String(f.key_id), kind: String(f.key_kind), admin: Array.isArray(f.roles) && f.roles.includes('admin') });
        break;
      case 'key-revoke':
        d.keys.revoked.push({ ...this.ref(e), key: String(f.key), key_id: this.keys.get(f.key)?.key_id ?? null, reason: String(f.reason ?? '') });
        break;
      case 'supersede':
        d.supersedes.push({ ...this.ref(e), corrects: String(f.supersedes), original_intent: null, correction: e.intent });
        break;
      default:
        if (!CORE.has(e.capability)) d.governance.push({ ...this.ref(e), capability: e.capability, intent: e.intent, fields: ownFields(f) });
    }
  }

  private commit(e: Entry, ms: number): void {
    const f = e as Record<string, any>;
    const kind = e.author.kind === 'agent' ? 'agent' : 'human';
    this.commits[kind]++;
    const w = isoWeek(ms);
    const bucket = this.weeks.get(w.week) ?? { ...w, human: 0, agent: 0 };
    bucket[kind]++;
    this.weeks.set(w.week, bucket);
    const commit = typeof f.commit === 'string' ? f.commit : null;
    if (f.backfilled === true) this.data.backfilled.push({ ...this.ref(e), commit });
    if (typeof f.supersedes === 'string') this.data.supersedes.push({ ...this.ref(e), corrects: f.supersedes, original_intent: null, correction: e.intent });
    const delta = f.ast_delta as AstDelta | undefined;
    if (!delta || !Array.isArray(delta.nodes)) return;
    if (kind === 'agent') {
      const a = this.agentWork.get(e.author.pubkey) ?? { commits: 0, files: new Set<string>(), symbols: 0 };
      a.commits++;
      for (const n of delta.nodes) {
        a.files.add(fileOf(n.path));
        if (n.kind !== 'file') a.symbols++;
      }
      this.agentWork.set(e.author.pubkey, a);
    }
    const used: Authorization[] = (Array.isArray(f.authorizations) ? f.authorizations : [])
      .map((h: unknown) => this.authorizations.get(String(h)))
      .filter((a: AuthorizeDelete | undefined): a is AuthorizeDelete => !!a)
      .map((a: AuthorizeDelete) => ({ hash: a.hash, id: a.entry, keyId: a.by.key_id, targets: a.targets, ...(a.expires ? { expires: a.expires } : {}) }));
    // The intent check as the hooks ran it at that point: the commit's own consumed
    // authorizations, the committer's kind, the policy in force, the entry's own time.
    const result = checkIntent({ intent: e.intent, delta, authorizations: used, committer: kind, strict: this.strictNow, now: ms });
    for (const finding of result.findings) {
      if (finding.change !== 'removed') continue;
      const node = delta.nodes.find((n) => n.path === finding.path);
      const auth = finding.severity === 'ok' ? used.find((a) => result.used.includes(a.hash) && finding.reason.includes(a.id)) : undefined;
      const covered: Deletion['covered_by'] = finding.severity !== 'ok' ? 'none' : auth ? 'authorization' : 'intent';
      const a = auth ? this.authorizations.get(auth.hash)! : null;
      this.data.deletions.push({
        ...this.ref(e), commit, path: finding.path, kind: node?.kind ?? '', intent: e.intent, covered_by: covered, reason: finding.reason,
        authorization: a ? { entry: a.entry, hash: a.hash, ts: a.ts, by: a.by, intent: a.intent, targets: a.targets } : null,
      });
    }
    if (result.verdict !== 'consistent') {
      const reasons = result.findings.filter((x) => x.severity !== 'ok').slice(0, MAX_REASONS).map((x) => `${x.path}: ${x.reason}`);
      const item: IntentFinding = { ...this.ref(e), commit, intent: e.intent, verdict: result.verdict, strict: this.strictNow, reasons };
      this.data.intents.push(item);
    }
  }

  finish(period: { since: string; until: string }, verification: Verification): ReportData {
    for (const s of this.data.supersedes) s.original_intent = this.intents.get(s.corrects) ?? null;
    const signers = [...this.keys.values()]
      .map((k) => ({ ...k, entries_in_period: this.perSigner.get(k.key) ?? 0 }))
      .sort((a, b) => b.entries_in_period - a.entries_in_period || a.key_id.localeCompare(b.key_id));
    const weeks = [...this.weeks.values()].sort((a, b) => a.week.localeCompare(b.week));
    const agents = [...this.agentWork.entries()]
      .map(([key, a]) => ({ key, key_id: this.keys.get(key)?.key_id ?? '(unregistered)', commits: a.commits, files: a.files.size, symbols: a.symbols }))
      .sort((a, b) => b.commits - a.commits || a.key_id.localeCompare(b.key_id));
    return {
      schema: REPORT_SCHEMA,
      period,
      log: { entries: this.entries, in_period: this.inPeriod, first_ts: this.firstTs, last_ts: this.lastTs },
      verification,
      signers,
      activity: { commits: { ...this.commits }, weeks },
      strict_periods: this.strictPeriods(period),
      deletions: this.data.deletions,
      intents: this.data.intents,
      supersedes: this.data.supersedes,
      keys: this.data.keys,
      agents,
      governance: this.data.governance,
      backfilled: this.data.backfilled,
      frameworks: FRAMEWORKS,
    };
  }

  /** Strict mode over the period: the state at its start, then each change inside it. */
  private strictPeriods(period: { since: string; until: string }): ReportData['strict_periods'] {
    const out: ReportData['strict_periods'] = [];
    for (const p of this.policies) {
      const ms = parseTs(p.ts);
      if (ms > this.until) break;
      if (ms < this.since) {
        out.length = 0; // only the last change before the period matters: the state it starts in
        out.push({ from: period.since, to: null, strict: p.strict, entry: p.entry, by: p.by, reason: p.reason });
        continue;
      }
      if (out.length) out[out.length - 1].to = p.ts;
      out.push({ from: p.ts, to: null, strict: p.strict, entry: p.entry, by: p.by, reason: p.reason });
    }
    return out;
  }
}

/** A governance entry's own fields, without the envelope and without any delta. */
function ownFields(f: Record<string, any>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(f).filter(([k]) => !ENVELOPE_FIELDS.has(k) && k !== 'ast_delta' && k !== 'ast_delta_hash'));
}

/** "src/a.ts:Class.method" → "src/a.ts" (a file-level node's path is the file itself). */
function fileOf(path: string): string {
  const i = path.lastIndexOf(':');
  return i < 0 ? path : path.slice(0, i);
}

// report.json, schema "aura-report/1" (docs/report.md). Everything except `repository` is a
// pure function of the pack's log.jsonl and the period, so `aura audit verify --report`
// re-derives it on a machine without the repository and compares.

export const REPORT_SCHEMA = 'aura-report/1';

/** Who signed an entry, as the report shows it (never the author's free-text id: it may be PII). */
export interface Signer {
  key: string; // public key
  key_id: string;
  kind: 'human' | 'agent';
}

export interface EntryRef {
  entry: string; // id
  hash: string;
  ts: string;
  by: Signer;
}

export interface Verification {
  result: 'OK' | 'BROKEN' | 'FORKED';
  entries: number;
  signatures: { checked: number; ok: number; signers: number };
  parents: { checked: number; ok: number };
  genesis: { hash: string; entry: string; key: string; key_id: string } | null;
  tips: string[];
  failure_count: number;
  failures: { category: string; entry: string | null; line: number; reason: string }[]; // first 50
}

export interface Deletion extends EntryRef {
  commit: string | null;
  path: string;
  kind: string;
  intent: string;
  /** how the deletion was accounted for: an authorize-delete entry, the intent naming it, or nothing */
  covered_by: 'authorization' | 'intent' | 'none';
  reason: string;
  authorization: (EntryRef & { intent: string; targets: string[] }) | null;
}

export interface IntentFinding extends EntryRef {
  commit: string | null;
  intent: string;
  verdict: 'inconsistent' | 'ambiguous';
  strict: boolean;
  reasons: string[]; // "path: reason", first 10
}

export interface ReportData {
  schema: typeof REPORT_SCHEMA;
  period: { since: string; until: string };
  log: { entries: number; in_period: number; first_ts: string | null; last_ts: string | null };
  verification: Verification;
  signers: (Signer & { admin: boolean; entries_in_period: number })[];
  activity: { commits: { human: number; agent: number }; weeks: { week: string; start: string; human: number; agent: number }[] };
  strict_periods: { from: string; to: string | null; strict: boolean; entry: string; by: Signer; reason: string }[];
  deletions: Deletion[];
  intents: IntentFinding[];
  supersedes: (EntryRef & { corrects: string; original_intent: string | null; correction: string })[];
  keys: {
    added: (EntryRef & { key: string; key_id: string; kind: string; admin: boolean })[];
    revoked: (EntryRef & { key: string; key_id: string | null; reason: string })[];
  };
  agents: { key: string; key_id: string; commits: number; files: number; symbols: number }[];
  /** entries of capabilities other than the core ones (agent policy, zones, reviews, secret overrides, …) */
  governance: (EntryRef & { capability: string; intent: string; fields: Record<string, unknown> })[];
  backfilled: (EntryRef & { commit: string | null })[];
  frameworks: { framework: string; controls: { control: string; title: string; evidence: string; sections: string[]; command: string }[] }[];
}

/** What the report says about the repository it was made in: not re-derivable from the pack. */
export interface RepositorySection {
  generated_at: string;
  aura_version: string;
  log_path: string;
  full_log: { result: string; entries: number };
  binding: { range: string; commits: number; findings: { commit: string; subject: string; category: string; reason: string }[] } | null;
  pending_key_requests: { key_id: string; kind: string; key: string }[];
}

export interface ReportJson extends ReportData {
  repository: RepositorySection;
}

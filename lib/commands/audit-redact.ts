// aura audit redact [--older-than DAYS] [--dry-run]: replaces personal data and credentials in
// the intents of entries older than N days ([audit.retention] redact_pii_after_days) by stable
// tokens, logged by an admin-signed `redact` entry. `aura audit verify` stays OK afterwards.
import { parseArgs } from 'node:util';
import { requireLog } from '../export/source';
import { tokenizePii, tokenKey, PiiKind } from '../retention/pii';
import { applyRedactions, planRedactions, retentionCutoff, tokenKeyPath } from '../retention/redact';
import { requireRepo } from '../repo';
import { parseTs } from '../time';

export const USAGE = 'aura audit redact [--older-than DAYS] [--dry-run]';
export const HELP = `usage: ${USAGE}\n  tokenizes emails, phone numbers, IP addresses and credentials in intents older than DAYS\n  (default: [audit.retention] redact_pii_after_days); needs an admin key`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'older-than': { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  const repo = requireRepo();
  const { cutoff, days } = retentionCutoff(repo, values['older-than'], 'redact_pii_after_days', 'redaction', USAGE);
  requireLog(repo.logPath);
  const key = tokenKey(tokenKeyPath(repo));
  const kinds = new Map<PiiKind, number>();
  const plan = await planRedactions(repo.logPath, (e) => {
    if (!(parseTs(e.ts) < cutoff) || typeof e.intent !== 'string') return null;
    const t = tokenizePii(e.intent, key);
    for (const k of t.found) kinds.set(k, (kinds.get(k) ?? 0) + 1);
    return t.found.length > 0 ? { intent: t.text } : null;
  });
  const summary = [...kinds].map(([k, n]) => `${k}: ${n}`).join(', ');
  if (plan.changes.size === 0) {
    process.stdout.write(`nothing to redact in entries older than ${days} days\n`);
    return 0;
  }
  if (values['dry-run']) {
    process.stdout.write(`would redact ${plan.changes.size} intents (${summary}):\n`);
    for (const [hash, r] of plan.changes) process.stdout.write(`  ${plan.entries.get(hash)!.id}  ${r.intent}\n`);
    return 0;
  }
  const { redactEntries } = await applyRedactions(repo, plan, `redact personal data from ${plan.changes.size} intents older than ${days} days (${summary})`);
  process.stdout.write(`redacted ${plan.changes.size} intents (${summary}); logged by ${redactEntries.map((e) => e.id).join(', ')}\n`);
  return 0;
}

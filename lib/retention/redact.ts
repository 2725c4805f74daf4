// Redaction as SPEC.md describes it: first an admin-signed `redact` entry naming every entry
// and field about to be redacted, then the rewrite of those entries' text (./rewrite.ts).
// In that order, a crash in between leaves a log that still verifies (a redact entry may name
// fields that are not redacted yet; a redacted field no redact entry names would not verify),
// and running the command again completes the work.
import { join } from 'node:path';
import type { Entry } from '../entry/types';
import { AuraError, UsageError } from '../errors';
import { parseStrictJson } from '../json/strict-parse';
import type { Repo } from '../repo';
import { Redaction, rewriteWithRedactions } from './rewrite';

export const REDACTED_FIELDS = ['intent', 'author.id'];
/** Targets per redact entry, so one entry stays a reasonable size. */
const TARGETS_PER_ENTRY = 500;

export interface Plan {
  changes: Map<string, Redaction>;
  entries: Map<string, Entry>; // hash → entry as it is now
}

export const tokenKeyPath = (repo: Repo): string => join(repo.commonDir, 'aura', 'redaction.key');

/**
 * Scans the log and its archive segments and returns what `decide` wants redacted (null:
 * leave the entry alone). Archived entries are included: personal data does not stop being
 * personal data when it moves to an archive.
 */
export async function planRedactions(logPath: string, decide: (e: Entry) => Redaction | null): Promise<Plan> {
  const { readLinesWithArchives } = require('../log/segments') as typeof import('../log/segments');
  const plan: Plan = { changes: new Map(), entries: new Map() };
  for await (const l of readLinesWithArchives(logPath)) {
    let entry: Entry;
    try {
      entry = parseStrictJson(l.bytes.toString('utf8')) as Entry;
    } catch (e) {
      throw new AuraError(`${logPath} (with archives), entry ${l.lineNo}: not a valid log entry: ${(e as Error).message}`, 'run: aura audit verify --include-archives');
    }
    const r = decide(entry);
    if (!r) continue;
    const same = (r.intent === undefined || r.intent === entry.intent) && (r.authorId === undefined || r.authorId === entry.author.id);
    if (same) continue;
    plan.changes.set(entry.hash, r);
    plan.entries.set(entry.hash, entry);
  }
  return plan;
}

/** Appends the redact entries (signed by the active key, which must be an admin) and rewrites the log. */
export async function applyRedactions(repo: Repo, plan: Plan, why: string): Promise<{ redactEntries: Entry[]; changed: number }> {
  if (plan.changes.size === 0) return { redactEntries: [], changed: 0 };
  const { appendSigned } = require('../trust/append-signed') as typeof import('../trust/append-signed');
  const { loadActiveKey } = require('../keys/store') as typeof import('../keys/store');
  const key = loadActiveKey();
  const hashes = [...plan.changes.keys()];
  const redactEntries: Entry[] = [];
  for (let i = 0; i < hashes.length; i += TARGETS_PER_ENTRY) {
    const targets = hashes.slice(i, i + TARGETS_PER_ENTRY).map((entry) => ({ entry, fields: REDACTED_FIELDS }));
    redactEntries.push(
      await appendSigned(repo, key, 'redact', why, { targets }, 'redaction needs an admin key of this log (aura key list); an admin runs this command'),
    );
  }
  const { redactArchives } = require('./archive') as typeof import('./archive');
  const { activeManifestKey } = require('../export/signing') as typeof import('../export/signing');
  const changed = (await rewriteWithRedactions(repo.logPath, plan.changes)) + (await redactArchives(repo.logPath, plan.changes, activeManifestKey(key)));
  if (changed !== plan.changes.size) {
    throw new AuraError(`redacted ${changed} of ${plan.changes.size} planned entries: the log changed meanwhile`, 'run the command again to finish');
  }
  return { redactEntries, changed };
}

/** [audit.retention] allows redaction/archiving at all? */
export function requireRetentionAllowed(repo: Repo, what: string): void {
  if (repo.config['audit.retention'].keep_forever) {
    throw new AuraError(`${what} is off: keep_forever = true in [audit.retention] of ${repo.configPath}`, 'set keep_forever = false (and the *_after_days you want) to allow it');
  }
}

/**
 * The cutoff (epoch ms) and age in days of a retention command: entries older than `--older-than DAYS`, else
 * than the configured `[audit.retention] <setting>` (0 there means "not configured").
 * Checks that retention is allowed at all first.
 */
export function retentionCutoff(repo: Repo, olderThan: string | undefined, setting: 'archive_after_days' | 'redact_pii_after_days', what: string, usage: string): { cutoff: number; days: number } {
  requireRetentionAllowed(repo, what);
  const days = olderThan !== undefined ? Number(olderThan) : repo.config['audit.retention'][setting];
  if (!Number.isSafeInteger(days) || days < 0) throw new UsageError(`--older-than needs a whole number of days, not ${JSON.stringify(olderThan)}`, usage);
  if (days === 0 && olderThan === undefined) {
    throw new AuraError(`${setting} = 0 in [audit.retention] of ${repo.configPath}: ${what} is not configured`, `set ${setting}, or pass --older-than DAYS`);
  }
  return { cutoff: Date.now() - days * 86_400_000, days };
}

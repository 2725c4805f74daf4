// aura audit archive [--older-than DAYS] [--dry-run]: moves entries older than N days
// ([audit.retention] archive_after_days) into a compressed, signed archive segment beside the
// log. Verify across the boundary with: aura audit verify --include-archives.
import { parseArgs } from 'node:util';
import { requireLog } from '../export/source';
import { activeManifestKey } from '../export/signing';
import { archiveOld, planArchive } from '../retention/archive';
import { retentionCutoff } from '../retention/redact';
import { requireRepo } from '../repo';

export const USAGE = 'aura audit archive [--older-than DAYS] [--dry-run]';
export const HELP = `usage: ${USAGE}\n  default DAYS: [audit.retention] archive_after_days; trust, redact and authorize-delete entries stay in the live log`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'older-than': { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  const repo = requireRepo();
  const { cutoff, days } = retentionCutoff(repo, values['older-than'], 'archive_after_days', 'archiving', USAGE);
  requireLog(repo.logPath);
  if (values['dry-run']) {
    const plan = await planArchive(repo.logPath, cutoff);
    process.stdout.write(`would archive ${plan.archived} entries${plan.firstTs ? ` from ${plan.firstTs} to ${plan.lastTs}` : ''}; ${plan.kept.length} trust entries stay in the log\n`);
    return 0;
  }
  const r = await archiveOld(repo, cutoff, activeManifestKey());
  if (!r.segment) {
    process.stdout.write(`nothing to archive: no entries older than ${days} days at the start of the log\n`);
    return 0;
  }
  process.stdout.write(`archived ${r.archived} entries to ${r.segment.body} (signed manifest ${r.segment.manifest}); ${r.kept} trust entries stay in the log\nverify across the boundary with: aura audit verify --include-archives\n`);
  return 0;
}

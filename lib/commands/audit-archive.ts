// aura audit archive [--older-than DAYS] [--dry-run]: moves entries older than N days
// ([audit.retention] archive_after_days) into a compressed, signed archive segment beside the
// log. Verify across the boundary with: aura audit verify --include-archives.
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { requireLog } from '../export/source';
import { activeManifestKey } from '../export/signing';
import { archiveOld, planArchive } from '../retention/archive';
import { requireRetentionAllowed } from '../retention/redact';
import { requireRepo } from '../repo';

const USAGE = 'aura audit archive [--older-than DAYS] [--dry-run]';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'older-than': { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(`usage: ${USAGE}\n  default DAYS: [audit.retention] archive_after_days; trust, redact and authorize-delete entries stay in the live log\n`);
    return 0;
  }
  const repo = requireRepo();
  requireRetentionAllowed(repo, 'archiving');
  const days = values['older-than'] !== undefined ? Number(values['older-than']) : repo.config['audit.retention'].archive_after_days;
  if (!Number.isSafeInteger(days) || days < 0) throw new UsageError(`--older-than needs a whole number of days, not ${JSON.stringify(values['older-than'])}`, USAGE);
  if (days === 0 && values['older-than'] === undefined) {
    throw new AuraError(`archive_after_days = 0 in [audit.retention] of ${repo.configPath}: archiving is not configured`, 'set archive_after_days, or pass --older-than DAYS');
  }
  requireLog(repo.logPath);
  const cutoff = Date.now() - days * 86_400_000;
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

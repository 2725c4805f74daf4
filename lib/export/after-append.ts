// The one place a freshly appended entry is handed to whatever follows new entries
// (continuous export, lib/export/continuous.ts). It never throws: by the time it runs the
// entry is already in the log, which is the export queue itself, so an unreachable collector
// only delays delivery (`aura audit flush` or the next hook run sends it). Refusing a commit
// while the collector is down (on_failure = "fail_commit") happens before anything is
// appended, in beforeAppend.
import type { Entry } from '../entry/types';
import type { Repo } from '../repo';

export async function afterAppend(repo: Repo, entry: Entry): Promise<void> {
  if (!repo.config['audit.export'].enabled) return; // no network, no module load
  const { exportAfterAppend } = require('./continuous') as typeof import('./continuous');
  try {
    await exportAfterAppend(repo) // sends everything past the cursor: the log is the queue;
  } catch (e) {
    process.stderr.write(`aura: warning: entry ${entry.id} is logged but not exported yet: ${(e as Error).message}\n  it stays queued; run: aura audit flush\n`);
  }
}

/** With on_failure = "fail_commit": throws (exit 1) while the collector is unreachable. */
export async function beforeAppend(repo: Repo): Promise<void> {
  const c = repo.config['audit.export'];
  if (!c.enabled || c.on_failure !== 'fail_commit') return;
  const { preflightExport } = require('./continuous') as typeof import('./continuous');
  await preflightExport(repo);
}

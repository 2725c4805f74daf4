// aura audit flush [--timeout-ms N]: sends every entry the [audit.export] destination has not
// acknowledged (what failed hook runs left queued), in order, each exactly once.
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { exportPending } from '../export/continuous';
import { requireRepo } from '../repo';

export const USAGE = 'aura audit flush [--timeout-ms N]';
const ROUND = 10_000; // entries read per round, so a long backlog is never held in memory whole

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'timeout-ms': { type: 'string', default: '60000' } } });
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) throw new UsageError(`--timeout-ms must be a whole number of milliseconds`, USAGE);
  const repo = requireRepo();
  if (!repo.config['audit.export'].enabled) throw new AuraError(`continuous export is off in ${repo.configPath}`, 'set enabled = true in [audit.export], or use: aura audit export');
  const deadline = Date.now() + timeoutMs;
  let sent = 0;
  for (;;) {
    const r = await exportPending(repo, { timeoutMs: Math.max(1, deadline - Date.now()), maxEntries: ROUND });
    sent += r.sent;
    if (r.error) {
      process.stderr.write(`aura: sent ${sent} entr${sent === 1 ? "y" : "ies"} to ${r.target}, then: ${r.error}; ${r.pending}+ still queued\n`);
      return 1;
    }
    if (r.sent < ROUND) {
      process.stdout.write(`sent ${sent} entr${sent === 1 ? "y" : "ies"} to ${r.target}; nothing queued\n`);
      return 0;
    }
  }
}

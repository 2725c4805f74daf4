// `aura secret scanning on|off`: whether the commit path scans for secrets at all, as the
// `secret_scan` field of the signed policy (admin keys only; the whole policy object is
// replaced, so the other fields are carried over as they are).
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { appendSigned } from '../trust/append-signed';
import { loadTrust } from '../trust/load';

export const USAGE = 'aura secret scanning on|off [--reason "…"]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } } });
  if (positionals.length !== 1 || !['on', 'off'].includes(positionals[0])) throw new UsageError('say on or off', USAGE);
  const on = positionals[0] === 'on';
  const repo = requireRepo();
  const key = loadActiveKey();
  const { state } = await loadTrust(repo.logPath);
  if ((state.policy.secret_scan !== false) === on) {
    process.stdout.write(`secret scanning is already ${positionals[0]}\n`);
    return 0;
  }
  const entry = await appendSigned(repo, key, 'policy', values.reason ?? `secret scanning ${positionals[0]}`, { policy: { ...state.policy, secret_scan: on } },
    'only an admin key may change the policy: ask an admin to run it, or to make your key admin (aura key add … --admin)');
  process.stdout.write(`secret scanning ${positionals[0]} (policy entry ${entry.id}); it takes effect for the next commit and travels with the log\n`);
  return 0;
}

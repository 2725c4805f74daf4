// `aura strict on|off`: a signed `policy` entry (admin keys only). Hooks read strict mode from
// the log's signed policy entries, never from a file a committer could edit.
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { appendSigned } from '../trust/append-signed';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { loadTrust } from '../trust/load';

export const USAGE = 'aura strict on|off [--reason "…"]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(`usage: ${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1 || !['on', 'off'].includes(positionals[0])) throw new UsageError('say on or off', USAGE);
  const on = positionals[0] === 'on';
  const repo = requireRepo();
  const key = loadActiveKey();
  const { state } = await loadTrust(repo.logPath);
  if (state.policy.strict === on) {
    process.stdout.write(`strict mode is already ${positionals[0]}\n`);
    return 0;
  }
  const entry = await appendSigned(repo, key, 'policy', values.reason ?? `strict mode ${positionals[0]}`, { policy: { ...state.policy, strict: on } },
    'only an admin key may change the policy: ask an admin to run it, or to make your key admin (aura key add … --admin)');
  process.stdout.write(`strict mode ${positionals[0]} (policy entry ${entry.id}); it takes effect for the next commit and travels with the log\n`);
  return 0;
}

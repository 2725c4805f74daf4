// `aura agent default allow|deny --reason "…"`: what an agent key without a rule may do
// (a signed `agent-policy` entry, admin keys). A log that never set it allows.
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { appendSigned } from '../trust/append-signed';
import { loadTrust } from '../trust/load';
import { ADMIN_FIX } from './agent-allow';

export const USAGE = 'aura agent default allow|deny [--reason "…"]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } } });
  if (positionals.length !== 1 || !['allow', 'deny'].includes(positionals[0])) throw new UsageError('say allow or deny', USAGE);
  const repo = requireRepo();
  const { state } = await loadTrust(repo.logPath);
  if (state.agents.fallback.allow === (positionals[0] === 'allow') && state.agents.fallback.at) {
    process.stdout.write(`the default for agent keys without a rule is already ${positionals[0]}\n`);
    return 0;
  }
  const entry = await appendSigned(repo, loadActiveKey(), 'agent-policy', values.reason?.trim() || `agent keys without a rule: ${positionals[0]}`,
    { action: 'default', default: positionals[0] }, ADMIN_FIX);
  process.stdout.write(`agent keys without a rule: ${positionals[0]} (agent-policy entry ${entry.id})\n`);
  return 0;
}

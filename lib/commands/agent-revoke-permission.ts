// `aura agent revoke-permission <agent-id|glob> --reason "…"`: a signed `agent-policy` entry
// (admin keys) after which the agent may change nothing, whatever the default, until a new
// `aura agent allow`. (To stop a key signing at all: aura key revoke.)
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { appendSigned } from '../trust/append-signed';
import { ADMIN_FIX } from './agent-allow';

export const USAGE = 'aura agent revoke-permission <agent-id|glob> [--reason "…"]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } } });
  if (positionals.length !== 1 || positionals[0].trim() === '') throw new UsageError('name one agent key id (or the glob a rule was set for)', USAGE);
  const repo = requireRepo();
  const entry = await appendSigned(repo, loadActiveKey(), 'agent-policy', values.reason?.trim() || `revoke the permission of agent ${positionals[0]}`,
    { action: 'revoke', agent: positionals[0] }, ADMIN_FIX);
  process.stdout.write(`agent "${positionals[0]}" may change nothing from now on (agent-policy entry ${entry.id}); allow it again with: aura agent allow\n`);
  return 0;
}

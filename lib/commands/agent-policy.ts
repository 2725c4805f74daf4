// `aura agent policy [--json]`: the effective agent policy at the log's tips, each rule with
// the entry that set it.
import { parseArgs } from 'node:util';
import type { AgentRule } from '../entry/agents';
import { requireRepo } from '../repo';
import { loadTrust } from '../trust/load';

export const USAGE = 'aura agent policy [--json]';

function describe(r: AgentRule, now: number): string {
  if (r.action === 'revoke') return `${r.agent}: REVOKED — may change nothing (entry ${r.at.id}, ${r.at.ts})`;
  const expired = r.expires && Date.parse(r.expires) <= now;
  const parts = [`paths ${r.paths.join(', ')}`];
  if (r.deny.length) parts.push(`deny ${r.deny.join(', ')}`);
  if (r.maxSymbols !== undefined) parts.push(`max ${r.maxSymbols} symbols`);
  parts.push(r.mayAddFiles ? 'may add files' : 'no new files');
  if (r.expires) parts.push(`${expired ? 'EXPIRED' : 'until'} ${r.expires}`);
  return `${r.agent}: ${parts.join('; ')} (entry ${r.at.id}, ${r.at.ts})`;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const repo = requireRepo();
  const { state } = await loadTrust(repo.logPath);
  const { rules, fallback } = state.agents;
  const sorted = [...rules.values()].sort((a, b) => a.agent.localeCompare(b.agent));
  if (values.json) {
    process.stdout.write(JSON.stringify({ default: { allow: fallback.allow, entry: fallback.at }, rules: sorted }, null, 2) + '\n');
    return 0;
  }
  const lines = [`default for agent keys without a rule: ${fallback.allow ? 'allow' : 'deny'} (${fallback.at ? `entry ${fallback.at.id}, ${fallback.at.ts}` : 'built-in: never set in this log'})`];
  lines.push('(every agent deletion also needs a human authorization: aura intent authorize-delete)');
  if (sorted.length === 0) lines.push('no rules (aura agent allow <agent-id> --paths … --reason "…" sets one, with an admin key)');
  const now = Date.now();
  for (const r of sorted) lines.push('  ' + describe(r, now));
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

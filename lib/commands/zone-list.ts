// `aura zone list [--json]`: the zone claims in force at the log's tips (including claims
// that arrived with `git pull`): who, what, since, until.
import { parseArgs } from 'node:util';
import { activeClaims } from '../entry/zones';
import { requireRepo } from '../repo';
import { loadTrust } from '../trust/load';

export const USAGE = 'aura zone list [--json]';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const repo = requireRepo();
  const { state } = await loadTrust(repo.logPath);
  const claims = activeClaims(state.zones, Date.now()).sort((a, b) => a.since.localeCompare(b.since));
  const owner = (pk: string) => state.keys.get(pk)?.keyId || pk.slice(0, 24) + '…';
  if (values.json) {
    process.stdout.write(JSON.stringify(claims.map((c) => ({ id: c.id, owner: owner(c.owner), paths: c.paths, block: c.block, since: c.since, until: c.expires ?? null, reason: c.reason })), null, 2) + '\n');
    return 0;
  }
  if (claims.length === 0) {
    process.stdout.write('no active zone claims (claim paths with: aura zone claim <glob> --reason "…")\n');
    return 0;
  }
  const strict = state.policy.strict === true;
  for (const c of claims) {
    process.stdout.write(`${c.id}  ${owner(c.owner)}  ${c.paths.join(', ')}  since ${c.since}${c.expires ? ` until ${c.expires}` : ''}` +
      `${c.block ? '  [blocking]' : strict ? '  [blocking: strict mode]' : ''}  ${JSON.stringify(c.reason)}\n`);
  }
  return 0;
}

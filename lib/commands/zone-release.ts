// `aura zone release <zone-id|glob>…`: a `zone-release` entry ending claims. A claim names
// itself by its id, or by one of the globs it claimed; releasing someone else's claim needs
// an admin key (the verifier rejects it otherwise).
import { parseArgs } from 'node:util';
import { activeClaims, ZoneClaim } from '../entry/zones';
import { AuraError, UsageError } from '../errors';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { appendSigned } from '../trust/append-signed';
import { loadTrust } from '../trust/load';

export const USAGE = 'aura zone release <zone-id|glob>… [--reason "…"]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } } });
  if (positionals.length === 0) throw new UsageError('name a zone id (aura zone list) or a claimed glob', USAGE);
  const repo = requireRepo();
  const key = loadActiveKey();
  const { state } = await loadTrust(repo.logPath);
  const active = activeClaims(state.zones, Date.now());
  const chosen = new Map<string, ZoneClaim>();
  for (const arg of positionals) {
    const byId = active.filter((c) => c.id === arg);
    const byGlob = active.filter((c) => c.paths.includes(arg));
    // a glob names your own claims first; another's only when it is the only one
    const mine = byGlob.filter((c) => c.owner === key.pubkey);
    const found = byId.length ? byId : mine.length ? mine : byGlob;
    if (found.length === 0) throw new AuraError(`no active zone claim is ${JSON.stringify(arg)} or claims it`, 'see the active claims: aura zone list');
    for (const c of found) chosen.set(c.id, c);
  }
  const ids = [...chosen.keys()];
  const entry = await appendSigned(repo, key, 'zone-release', values.reason?.trim() || `release ${ids.join(', ')}`, { zones: ids },
    'only the claimant or an admin key may release a zone claim: ask them (aura zone list shows who)');
  process.stdout.write(`released ${ids.join(', ')} (zone-release entry ${entry.id})\n`);
  return 0;
}

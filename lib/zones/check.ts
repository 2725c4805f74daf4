// Which active zone claims a change touches (docs/governance.md "Zones"). Zones coordinate
// people; they are not access control: a claim warns everyone else, a `--block` claim (or any
// claim while strict mode is on) refuses their commits unless the committer holds an admin key.
import type { AstDelta } from '../entry/types';
import { activeClaims, ZoneClaim, ZoneState } from '../entry/zones';
import { pathMatches } from '../intent/glob';
import { touchedFiles } from '../delta/paths';

export interface ZoneTouch {
  claim: ZoneClaim;
  paths: string[]; // the changed paths inside it
  blocks: boolean; // refuses this commit
}

/** The repository paths a delta changes (a moved file both where it was and where it went). */
export const deltaPaths = (delta: AstDelta): string[] => touchedFiles(delta).map((f) => f.path);

/** Claims of others covering any of `paths`, and whether each blocks a committer with key `pubkey`. */
export function touchedZones(zones: ZoneState, paths: string[], committer: { pubkey: string; admin: boolean }, strict: boolean, now: number): ZoneTouch[] {
  if (zones.size === 0) return [];
  const out: ZoneTouch[] = [];
  for (const claim of activeClaims(zones, now)) {
    if (claim.owner === committer.pubkey) continue;
    const inside = paths.filter((p) => claim.paths.some((g) => pathMatches(g, p)));
    if (inside.length) out.push({ claim, paths: inside, blocks: (claim.block || strict) && !committer.admin });
  }
  return out;
}

export function formatZoneTouches(touches: ZoneTouch[], ownerName: (pubkey: string) => string, strict: boolean): string {
  const lines: string[] = [];
  for (const t of touches) {
    const c = t.claim;
    const kind = c.block ? 'blocking claim' : strict ? 'claim (blocking: strict mode)' : 'claim';
    lines.push(`aura: ${t.blocks ? 'commit REFUSED' : 'warning'}: zone ${c.id} (${kind} by ${ownerName(c.owner)} since ${c.since}${c.expires ? `, until ${c.expires}` : ''}: ${JSON.stringify(c.reason)}) covers ${t.paths.join(', ')}`);
  }
  if (touches.some((t) => t.blocks)) {
    lines.push(`aura: to commit there, ask the claimant to release it (aura zone release <zone-id>), or have an admin key commit or release it`);
  }
  return lines.join('\n');
}

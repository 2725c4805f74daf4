// Zone claims as part of the log's state (docs/governance.md, docs/format.md "zone-claim").
// A `zone-claim` entry claims globs of repository paths for its signer; a `zone-release`
// entry ends claims. Claims are a union across branches and a release wins over a claim, so
// a claim that arrived with `git pull` counts as soon as the log holds it. Expiry is left to
// the reader (it depends on the clock, which a state shared by every verifier must not).
import type { Entry } from './types';

export interface ZoneClaim {
  id: string; // the zone-claim entry's id: the zone id
  hash: string;
  paths: string[]; // globs over repository paths
  block: boolean; // refuse others' commits instead of warning
  since: string; // the claim's ts
  expires?: string; // RFC 3339
  owner: string; // the claimant's public key
  reason: string; // the claim's intent
  released?: { by: string; ts: string }; // the zone-release entry's id
}

export type ZoneState = ReadonlyMap<string, ZoneClaim>; // by claim id

export const EMPTY_ZONES: ZoneState = new Map<string, ZoneClaim>();

/** Capability fields of zone entries that the state reads (`intent` is the claim's reason). */
export const ZONE_FIELDS = ['paths', 'block', 'expires', 'zones', 'intent'] as const;

export function zoneProblem(e: Record<string, unknown>, validTs: (s: unknown) => boolean): string | null {
  if (e.capability === 'zone-claim') {
    if (!Array.isArray(e.paths) || e.paths.length === 0 || !e.paths.every((p) => typeof p === 'string' && p.trim() !== '')) return 'zone-claim: paths must be a non-empty array of globs';
    if (typeof e.block !== 'boolean') return 'zone-claim: block must be a boolean';
    if (e.expires !== undefined && !validTs(e.expires)) return 'zone-claim: expires must be an RFC 3339 UTC timestamp with milliseconds';
    return null;
  }
  if (!Array.isArray(e.zones) || e.zones.length === 0 || !e.zones.every((z) => typeof z === 'string' && z !== '')) return 'zone-release: zones must be a non-empty array of zone-claim ids';
  return null;
}

/** Why the signer of a zone-release may not sign it here; null when they may. */
export function zoneReleaseRefusal(zones: ZoneState, e: Entry, signerIsAdmin: boolean): string | null {
  if (signerIsAdmin) return null;
  for (const id of e.zones as string[]) {
    const c = zones.get(id);
    if (!c) return `zone ${id} is not claimed in this entry's ancestry; only an admin key may release it`;
    if (c.owner !== e.author.pubkey) return `zone ${id} was claimed by another key; only its claimant or an admin key may release it`;
  }
  return null;
}

export function applyZoneEntry(zones: ZoneState, e: Entry): ZoneState {
  const next = new Map(zones);
  if (e.capability === 'zone-claim') {
    const claim: ZoneClaim = {
      id: e.id, hash: e.hash, paths: [...(e.paths as string[])], block: e.block === true, since: e.ts,
      owner: e.author.pubkey, reason: typeof e.intent === 'string' ? e.intent : '',
      ...(e.expires !== undefined ? { expires: e.expires as string } : {}),
    };
    if (next.get(e.id)?.released) return zones; // (an id is unique; a replayed claim changes nothing)
    next.set(e.id, Object.freeze(claim));
  } else {
    for (const id of e.zones as string[]) {
      const c = next.get(id);
      if (c && !c.released) next.set(id, Object.freeze({ ...c, released: Object.freeze({ by: e.id, ts: e.ts }) }));
    }
  }
  return next;
}

/** Union of two branches' claims; a released claim stays released. */
export function mergeZones(a: ZoneState, b: ZoneState): ZoneState {
  if (a === b || b.size === 0) return a;
  if (a.size === 0) return b;
  let out: Map<string, ZoneClaim> | null = null;
  for (const [id, cb] of b) {
    const ca = (out ?? a).get(id);
    if (ca === cb || (ca && (ca.released || !cb.released))) continue;
    out ??= new Map(a);
    out.set(id, cb);
  }
  return out ?? a;
}

/** The claims in force at `now`: not released, not expired. */
export function activeClaims(zones: ZoneState, now: number): ZoneClaim[] {
  return [...zones.values()].filter((c) => !c.released && (!c.expires || Date.parse(c.expires) > now));
}

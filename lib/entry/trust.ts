// Who may sign what, at one position of the log's DAG (SPEC.md "Trust"). The known keys at
// an entry are what its ancestors established, so every state is immutable and shared:
// applyEntry returns a new state only for entries that change trust, and the verifier
// keeps one reference per entry instead of a copy.
import type { Entry } from './types';
import { AGENT_POLICY_FIELDS, AgentPolicy, applyAgentPolicy, EMPTY_AGENT_POLICY, mergeAgentPolicy } from './agents';
import { applyZoneEntry, EMPTY_ZONES, mergeZones, ZONE_FIELDS, zoneReleaseRefusal, ZoneState } from './zones';

export interface KeyRecord {
  pubkey: string; // "ed25519:" + 64 hex
  keyId: string;
  kind: 'human' | 'agent';
  admin: boolean;
  addedBy: string; // id of the genesis / key-add entry that registered it ("" if only ever seen revoked)
  revoked?: { by: string /* id of the key-revoke entry */; ts: string; reason: string };
}

export interface TrustState {
  genesis: string | null; // hash of the genesis entry
  keys: ReadonlyMap<string, KeyRecord>; // by pubkey
  policy: { strict: boolean; [k: string]: unknown };
  policyAt: { ts: string; hash: string } | null; // the policy entry that set `policy`
  agents: AgentPolicy; // agent-policy entries (lib/entry/agents.ts)
  zones: ZoneState; // zone-claim / zone-release entries (lib/entry/zones.ts)
}

export const EMPTY_TRUST: TrustState = Object.freeze({
  genesis: null,
  keys: new Map<string, KeyRecord>(),
  policy: Object.freeze({ strict: false }),
  policyAt: null,
  agents: EMPTY_AGENT_POLICY,
  zones: EMPTY_ZONES,
});

/** Capabilities only an admin key may sign. */
export const ADMIN_CAPABILITIES: ReadonlySet<string> = new Set(['genesis', 'key-add', 'key-revoke', 'policy', 'redact', 'agent-policy']);
/** Capabilities only a human key may sign: deleting code and overriding the secret scan. */
export const HUMAN_CAPABILITIES: ReadonlySet<string> = new Set(['authorize-delete', 'secret-override']);
/** Capabilities that change the trust state (and so must verify before they count). */
export const TRUST_CAPABILITIES: ReadonlySet<string> = new Set(['genesis', 'key-add', 'key-revoke', 'policy', 'agent-policy', 'zone-claim', 'zone-release']);
/** The capability fields applyEntry reads: a verifier's slim copy of a trust entry keeps them. */
export const STATE_FIELDS: readonly string[] = ['key', 'key_id', 'key_kind', 'roles', 'reason', 'policy', ...AGENT_POLICY_FIELDS, ...ZONE_FIELDS];

/** "ed25519:" and the first 16 hex digits of a public key, for messages. */
export const short = (pubkey: string): string => pubkey.slice(0, 8 + 16) + '…';
const named = (k: KeyRecord): string => (k.keyId ? `key "${k.keyId}" (${short(k.pubkey)})` : `key ${short(k.pubkey)}`);

/**
 * null when the entry's signer may sign it at this point of the DAG; otherwise the reason
 * for an UNKNOWN_SIGNER failure. Assumes the entry's shape was already validated.
 */
export function checkSigner(state: TrustState, entry: Entry): string | null {
  const pubkey = entry.author.pubkey;
  if (entry.capability === 'genesis') {
    if (state.genesis !== null) return `a second genesis: this log's genesis is ${state.genesis}`;
    if (entry.key !== pubkey) return 'bad genesis: it must be self-signed by the key it names (key ≠ author.pubkey)';
    if (entry.key_kind !== 'human' || entry.author.kind !== 'human') return 'bad genesis: the first admin key must be a human key';
    return null;
  }
  const key = state.keys.get(pubkey);
  if (!key || key.addedBy === '') {
    if (key?.revoked) return `${named(key)} was revoked at entry ${key.revoked.by} (${key.revoked.reason}) and never registered in this entry's ancestry`;
    return `key ${short(pubkey)} is not registered in this entry's ancestry (no genesis or key-add names it)`;
  }
  if (key.revoked) return `${named(key)} revoked at entry ${key.revoked.by} (${key.revoked.reason}) at ${key.revoked.ts}`;
  if (entry.author.kind !== key.kind) return `${named(key)} is registered as ${key.kind} but the entry claims author.kind ${entry.author.kind}`;
  if (ADMIN_CAPABILITIES.has(entry.capability) && !key.admin) return `${named(key)} is not an admin key; only admin keys may sign ${entry.capability}`;
  if (HUMAN_CAPABILITIES.has(entry.capability) && key.kind !== 'human') return `${named(key)} is an agent key; only human keys may sign ${entry.capability}`;
  if (entry.capability === 'zone-release') {
    const why = zoneReleaseRefusal(state.zones, entry, key.admin);
    if (why) return `${named(key)}: ${why}`;
  }
  return null;
}

/**
 * Why an entry of `capability` signed by `signer` would be UNKNOWN_SIGNER at a point of the
 * log with this `state` (null: it may sign) — checkSigner before any entry exists, so the
 * hooks refuse exactly what a verifier would reject.
 */
export function signerRefusal(state: TrustState, signer: { pubkey: string; kind: 'human' | 'agent' }, capability: string): string | null {
  return checkSigner(state, { capability, author: { pubkey: signer.pubkey, kind: signer.kind, id: '' } } as unknown as Entry);
}

function withKeys(state: TrustState, keys: Map<string, KeyRecord>, genesis = state.genesis): TrustState {
  return Object.freeze({ ...state, genesis, keys });
}

/**
 * The state after `entry` (which must have passed checkSigner, its hash and its signature);
 * the same object when the entry does not change trust. A key that was revoked stays
 * revoked: a later key-add cannot bring it back (a new key must be made instead).
 */
export function applyEntry(state: TrustState, entry: Entry): TrustState {
  switch (entry.capability) {
    case 'genesis': {
      const rec: KeyRecord = { pubkey: entry.key as string, keyId: entry.key_id as string, kind: 'human', admin: true, addedBy: entry.id };
      return withKeys(state, new Map([[rec.pubkey, Object.freeze(rec)]]), entry.hash);
    }
    case 'key-add': {
      const pubkey = entry.key as string;
      const old = state.keys.get(pubkey);
      if (old?.revoked) return state;
      const rec: KeyRecord = {
        pubkey,
        keyId: entry.key_id as string,
        kind: entry.key_kind as 'human' | 'agent',
        admin: (entry.roles as string[]).includes('admin'),
        addedBy: entry.id,
      };
      const keys = new Map(state.keys);
      keys.set(pubkey, Object.freeze(rec));
      return withKeys(state, keys);
    }
    case 'key-revoke': {
      const pubkey = entry.key as string;
      const old = state.keys.get(pubkey);
      if (old?.revoked) return state;
      // Revoking a key this branch never saw still records the revocation, so that a merge
      // with a branch that did register it yields a revoked key.
      const base: KeyRecord = old ?? { pubkey, keyId: '', kind: 'agent', admin: false, addedBy: '' };
      const keys = new Map(state.keys);
      keys.set(pubkey, Object.freeze({ ...base, revoked: Object.freeze({ by: entry.id, ts: entry.ts, reason: entry.reason as string }) }));
      return withKeys(state, keys);
    }
    case 'policy':
      return Object.freeze({
        ...state,
        policy: Object.freeze({ ...(entry.policy as { strict: boolean }) }),
        policyAt: Object.freeze({ ts: entry.ts, hash: entry.hash }),
      });
    case 'agent-policy':
      return Object.freeze({ ...state, agents: applyAgentPolicy(state.agents, entry) });
    case 'zone-claim':
    case 'zone-release':
      return Object.freeze({ ...state, zones: applyZoneEntry(state.zones, entry) });
    default:
      return state;
  }
}

/** Newer policy wins; equal timestamps are ordered by hash so every verifier picks the same. */
function laterPolicy(a: TrustState, b: TrustState): TrustState {
  if (!a.policyAt) return b;
  if (!b.policyAt) return a;
  if (a.policyAt.ts !== b.policyAt.ts) return a.policyAt.ts > b.policyAt.ts ? a : b;
  return a.policyAt.hash >= b.policyAt.hash ? a : b;
}

function mergeRecord(a: KeyRecord, b: KeyRecord): KeyRecord {
  if (a === b) return a;
  // Revocation wins; of two revocations the earlier one (then the smaller id) is kept.
  if (a.revoked || b.revoked) {
    const rev = !b.revoked || (a.revoked && (a.revoked.ts < b.revoked.ts || (a.revoked.ts === b.revoked.ts && a.revoked.by <= b.revoked.by))) ? a : b;
    const reg = a.addedBy ? a : b;
    if (rev.addedBy || !reg.addedBy) return rev;
    return Object.freeze({ ...reg, revoked: rev.revoked });
  }
  if (!a.addedBy) return b;
  if (!b.addedBy) return a;
  // Grants are a union: a role either branch granted is kept.
  if (a.admin || !b.admin) return a;
  return b;
}

/** The trust at an entry with several parents: the union of what each branch established. */
export function mergeTrust(states: TrustState[]): TrustState {
  if (states.length === 0) return EMPTY_TRUST;
  let acc = states[0];
  for (let i = 1; i < states.length; i++) acc = mergeTwo(acc, states[i]);
  return acc;
}

function mergeTwo(a: TrustState, b: TrustState): TrustState {
  if (a === b) return a;
  const keys = new Map(a.keys);
  let changedA = false;
  let changedB = false;
  let shared = 0;
  for (const [pk, rb] of b.keys) {
    const ra = keys.get(pk);
    if (ra) shared++;
    const m = ra ? mergeRecord(ra, rb) : rb;
    if (m !== ra) {
      keys.set(pk, m);
      changedA = true;
    }
    if (m !== rb) changedB = true;
  }
  if (shared < a.keys.size) changedB = true; // a holds keys b lacks
  const genesis = a.genesis ?? b.genesis;
  const pol = laterPolicy(a, b);
  const agents = mergeAgentPolicy(a.agents, b.agents);
  const zones = mergeZones(a.zones, b.zones);
  // Return an existing state when the merge adds nothing to it, so states stay shared.
  if (!changedA && pol === a && genesis === a.genesis && agents === a.agents && zones === a.zones) return a;
  if (!changedB && pol === b && genesis === b.genesis && agents === b.agents && zones === b.zones) return b;
  return Object.freeze({ genesis, keys, policy: pol.policy, policyAt: pol.policyAt, agents, zones });
}

// The commit flow's governance checks (docs/governance.md): the agent policy for commits
// signed by agent keys, zone claims for everyone, provenance hints. Called by evaluate.ts
// (before the commit: may refuse it) and commit-entry.ts (what the entry records). Unlike the
// intent check, none of this depends on strict mode being on.
import { checkAgentChange, AgentCheck, DeleteGrant, formatAgentCheck, ruleFor } from '../agents/check';
import { detectEnvironment, provenance, Provenance } from '../agents/provenance';
import type { TrustState } from '../entry/trust';
import type { AstDelta } from '../entry/types';
import type { KeyInfo } from '../keys/store';
import { deltaPaths, formatZoneTouches, touchedZones, ZoneTouch } from '../zones/check';

export interface Governance {
  agent: AgentCheck | null; // null for human keys
  zones: ZoneTouch[];
  via: string[]; // for a human key: the coding agents / CI runners the environment shows
  viaVariables: string[];
  refused: boolean;
  /** the commit-msg fast path (policy-cache.ts) must not skip the next check for this key */
  holdHint: boolean;
}

export function checkGovernance(state: TrustState, key: KeyInfo, delta: AstDelta, grants: DeleteGrant[], strict: boolean, now: number): Governance {
  const admin = state.keys.get(key.pubkey)?.admin === true;
  const agent = key.kind === 'agent' ? checkAgentChange(state.agents, key.keyId, delta, grants, now) : null;
  const zones = touchedZones(state.zones, deltaPaths(delta), { pubkey: key.pubkey, admin }, strict, now);
  const env = key.kind === 'human' ? detectEnvironment() : { names: [], variables: [] };
  // Blocking claims of others can refuse this key's next commit: the hint may not skip it.
  const blocking = [...state.zones.values()].some((c) => !c.released && c.owner !== key.pubkey && (c.block || strict) && !admin);
  return {
    agent,
    zones,
    via: env.names,
    viaVariables: env.variables,
    refused: (agent !== null && agent.violations.length > 0) || zones.some((z) => z.blocks),
    holdHint: key.kind === 'agent' || blocking,
  };
}

/** What the hooks print about governance; '' when there is nothing to say. */
export function formatGovernance(g: Governance, state: TrustState, strict: boolean): string {
  const lines: string[] = [];
  if (g.agent && g.agent.violations.length) lines.push(formatAgentCheck(g.agent));
  if (g.zones.length) lines.push(formatZoneTouches(g.zones, (pk) => state.keys.get(pk)?.keyId || pk.slice(0, 24) + '…', strict));
  if (g.via.length) {
    lines.push(`aura: note: signed by a human key, but the environment shows ${g.via.join(', ')} (${g.viaVariables.join(', ')}); the entry records it as author.via — a hint, not proof (docs/governance.md)`);
  }
  return lines.join('\n');
}

/** The fields a commit entry records (under its hash): who checked it against what. */
export function governanceFields(state: TrustState, key: KeyInfo, delta: AstDelta, now: number): { fields: Record<string, unknown>; author: Provenance } {
  const fields: Record<string, unknown> = {};
  if (key.kind === 'agent') {
    const origin = ruleFor(state.agents, key.keyId)?.at ?? state.agents.fallback.at;
    fields.agent_policy = origin ? origin.hash : null; // null: the built-in default (allow)
  }
  const admin = state.keys.get(key.pubkey)?.admin === true;
  const touched = touchedZones(state.zones, deltaPaths(delta), { pubkey: key.pubkey, admin }, false, now);
  if (touched.length) fields.zones_touched = touched.map((t) => t.claim.id);
  return { fields, author: provenance(key.kind) };
}

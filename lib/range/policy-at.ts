// The agent policy in force at each agent commit entry's position in the log's DAG, for
// `aura audit verify --range` (POLICY_VIOLATION). Trust is folded along the entries as the
// verifier does (checkSigner, then applyEntry), one state per entry, shared while unchanged;
// hashes and signatures are the log side's job (the verify engine), which runs alongside.
import { applyEntry, checkSigner, EMPTY_TRUST, mergeTrust, TrustState, TRUST_CAPABILITIES } from '../entry/trust';
import type { Entry } from '../entry/types';

export interface AgentCommitContext {
  agentId: string; // the key id the log registered for its signer
  state: TrustState; // trust at its parents
  ts: number;
  authorizations: string[]; // hashes of the authorize-delete entries it consumed
}

export class PolicyPositions {
  private states = new Map<string, TrustState>();
  readonly grants = new Map<string, { targets: string[]; expires?: string }>();
  /** trust at each commit entry's parents, by entry id: strict mode and zone claims as the commit met them */
  readonly atCommit = new Map<string, TrustState>();

  /** Takes the next entry in file order; returns the context of an agent commit entry. */
  add(e: Entry): AgentCommitContext | null {
    const parents = e.parents.map((p) => this.states.get(p)).filter((s): s is TrustState => !!s);
    const before = parents.length ? mergeTrust(parents) : EMPTY_TRUST;
    let after = before;
    if (TRUST_CAPABILITIES.has(e.capability) && checkSigner(before, e) === null) after = applyEntry(before, e);
    this.states.set(e.hash, after);
    if (e.capability === 'authorize-delete' && Array.isArray(e.targets)) {
      this.grants.set(e.hash, { targets: e.targets as string[], ...(typeof e.expires === 'string' ? { expires: e.expires } : {}) });
    }
    if (e.capability === 'commit') this.atCommit.set(e.id, before);
    if (e.capability !== 'commit' || e.author.kind !== 'agent') return null;
    const key = before.keys.get(e.author.pubkey);
    return {
      agentId: key?.keyId ?? e.author.id,
      state: before,
      ts: Date.parse(e.ts),
      authorizations: Array.isArray(e.authorizations) ? (e.authorizations as string[]) : [],
    };
  }
}

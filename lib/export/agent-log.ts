// The entries of `aura agent-log export` (docs/governance.md): every entry signed by an agent
// key, every agent-policy entry, every key-add / key-revoke of an agent key, and every human
// authorize-delete an agent commit consumed — each exactly as logged (its canonical line), so
// hashes and signatures still verify and `aura audit verify-export` checks the signed manifest.
// Commit entries carry their changed files and symbols (ast_delta).
import { agentIdMatches } from '../entry/agents';
import type { Entry } from '../entry/types';
import { canonicalize } from '../json/canonical';
import { parseTs } from '../time';
import { entriesSince } from './source';

export interface AgentLogFilter {
  sinceMs?: number;
  agent?: string; // one agent key id: its entries, the rules naming it, its key's entries
}

/** The agent-log entries as canonical lines, in log order. Two passes: an authorization precedes the commit that consumes it. */
export async function* agentLogLines(logPath: string, f: AgentLogFilter): AsyncGenerator<{ line: string; hash: string }> {
  const agentKeys = new Map<string, string>(); // pubkey → key id, for agent keys the log registers
  const consumed = new Set<string>();
  const mine = (e: Entry): boolean => {
    if (e.author.kind !== 'agent') return false;
    return !f.agent || (agentKeys.get(e.author.pubkey) ?? e.author.id) === f.agent;
  };
  for await (const { entry: e } of entriesSince(logPath)) {
    if (e.capability === 'key-add' && e.key_kind === 'agent') agentKeys.set(e.key as string, e.key_id as string);
    if (e.capability === 'commit' && mine(e) && Array.isArray(e.authorizations)) for (const h of e.authorizations as string[]) consumed.add(h);
  }
  const agentPubkeys = new Set([...agentKeys].filter(([, id]) => !f.agent || id === f.agent).map(([pk]) => pk));
  for await (const { entry: e } of entriesSince(logPath)) {
    if (f.sinceMs !== undefined && parseTs(e.ts) < f.sinceMs) continue;
    const keep =
      mine(e) ||
      (e.capability === 'agent-policy' && (!f.agent || e.action === 'default' || agentIdMatches(e.agent as string, f.agent))) ||
      ((e.capability === 'key-add' || e.capability === 'key-revoke') && agentPubkeys.has(e.key as string)) ||
      (e.capability === 'authorize-delete' && consumed.has(e.hash));
    if (keep) yield { line: canonicalize(e), hash: e.hash };
  }
}

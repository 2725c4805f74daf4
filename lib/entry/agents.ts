// Agent policy as part of the trust state (docs/governance.md, docs/format.md "agent-policy").
// Each signed `agent-policy` entry (admin keys only) sets ONE rule — for an agent key id or a
// glob over ids — or the default for agent keys without a rule. Rules are folded per agent
// pattern, not replaced whole like `policy`: two admins granting two different agents on two
// branches both keep their grant after the merge; for the same pattern the later entry wins.
import type { Entry } from './types';

/** Where a rule (or the default) was set: the entry that set it. */
export interface RuleOrigin {
  id: string;
  hash: string;
  ts: string;
}

export interface AgentRule {
  agent: string; // an agent key id, or a glob over ids ("ci-*")
  action: 'allow' | 'revoke';
  paths: string[]; // globs over repository paths the agent may change
  deny: string[]; // globs it may never change, even inside `paths`
  maxSymbols?: number; // most changed symbols per commit
  mayAddFiles: boolean;
  expires?: string; // RFC 3339; after it the rule denies everything
  at: RuleOrigin;
}

export interface AgentPolicy {
  rules: ReadonlyMap<string, AgentRule>; // by `agent`
  /** for agent keys without a rule; `allow` in a log that never set it */
  fallback: { allow: boolean; at: RuleOrigin | null };
}

export const EMPTY_AGENT_POLICY: AgentPolicy = Object.freeze({ rules: new Map<string, AgentRule>(), fallback: Object.freeze({ allow: true, at: null }) });

const originOf = (e: Entry): RuleOrigin => Object.freeze({ id: e.id, hash: e.hash, ts: e.ts });
const laterOrigin = (a: RuleOrigin, b: RuleOrigin): boolean => a.ts !== b.ts ? a.ts > b.ts : a.hash > b.hash;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.trim() !== '');

/** Globs over agent key ids (rules for "ci-*"): `*` matches any run of characters. */
export const agentIdMatches = (glob: string, id: string): boolean =>
  new RegExp('^' + glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$').test(id);

/** Capability fields of an `agent-policy` entry that the trust state reads. */
export const AGENT_POLICY_FIELDS = ['action', 'agent', 'paths', 'deny', 'max_symbols', 'may_add_files', 'expires', 'default'] as const;

/** null when `e` is a well-formed agent-policy entry (shape check, SPEC "Capability fields"). */
export function agentPolicyProblem(e: Record<string, unknown>, validTs: (s: unknown) => boolean): string | null {
  if (e.action === 'default') return e.default === 'allow' || e.default === 'deny' ? null : 'agent-policy: default must be "allow" or "deny"';
  if (e.action !== 'allow' && e.action !== 'revoke') return 'agent-policy: action must be "allow", "revoke" or "default"';
  if (typeof e.agent !== 'string' || e.agent.trim() === '') return 'agent-policy: agent must be a non-empty string (a key id or a glob)';
  if (e.action === 'revoke') return null;
  if (!isStrings(e.paths) || e.paths.length === 0) return 'agent-policy: paths must be a non-empty array of globs';
  if (!isStrings(e.deny)) return 'agent-policy: deny must be an array of globs';
  if (e.max_symbols !== undefined && !(Number.isSafeInteger(e.max_symbols) && (e.max_symbols as number) >= 0)) return 'agent-policy: max_symbols must be a whole number ≥ 0';
  if (typeof e.may_add_files !== 'boolean') return 'agent-policy: may_add_files must be a boolean';
  if (e.expires !== undefined && !validTs(e.expires)) return 'agent-policy: expires must be an RFC 3339 UTC timestamp with milliseconds';
  return null;
}

/** The policy after a verified `agent-policy` entry. */
export function applyAgentPolicy(p: AgentPolicy, e: Entry): AgentPolicy {
  const at = originOf(e);
  if (e.action === 'default') return Object.freeze({ rules: p.rules, fallback: Object.freeze({ allow: e.default === 'allow', at }) });
  const rule: AgentRule = e.action === 'revoke'
    ? { agent: e.agent as string, action: 'revoke', paths: [], deny: [], mayAddFiles: false, at }
    : {
        agent: e.agent as string,
        action: 'allow',
        paths: [...(e.paths as string[])],
        deny: [...(e.deny as string[])],
        mayAddFiles: e.may_add_files === true,
        ...(e.max_symbols !== undefined ? { maxSymbols: e.max_symbols as number } : {}),
        ...(e.expires !== undefined ? { expires: e.expires as string } : {}),
        at,
      };
  const rules = new Map(p.rules);
  rules.set(rule.agent, Object.freeze(rule));
  return Object.freeze({ rules, fallback: p.fallback });
}

/** Two branches' policies: per pattern and for the default, the rule set by the later entry. */
export function mergeAgentPolicy(a: AgentPolicy, b: AgentPolicy): AgentPolicy {
  if (a === b) return a;
  let rules: Map<string, AgentRule> | null = null;
  for (const [k, rb] of b.rules) {
    const ra = (rules ?? a.rules).get(k);
    if (ra === rb || (ra && !laterOrigin(rb.at, ra.at))) continue;
    rules ??= new Map(a.rules);
    rules.set(k, rb);
  }
  const fa = a.fallback;
  const fb = b.fallback;
  const fallback = !fb.at || (fa.at && !laterOrigin(fb.at, fa.at)) ? fa : fb;
  if (!rules && fallback === fa) return a;
  if (fallback === fb && (rules ?? a.rules).size === b.rules.size && [...(rules ?? a.rules)].every(([k, r]) => b.rules.get(k) === r)) return b;
  return Object.freeze({ rules: rules ?? a.rules, fallback });
}

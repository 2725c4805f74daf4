// Checking a change made by an agent key against the agent policy (lib/entry/agents.ts).
// A pure function of the policy, the agent's key id, the semantic delta and the open human
// authorizations, so the hooks (before the commit) and `aura audit verify --range` (after,
// with the policy in force at the entry's position in the log) reach the same verdict.
import { agentIdMatches, AgentPolicy, AgentRule, RuleOrigin } from '../entry/agents';
import type { AstDelta } from '../entry/types';
import { pathMatches, symbolMatches } from '../intent/glob';
import { touchedFiles } from '../delta/paths';

/** Which rule a change broke: the path rules (outside-paths, denied) and deletions are reported apart by `aura pr-review`. */
export type ViolationType = 'no-rule' | 'revoked' | 'expired' | 'denied' | 'outside-paths' | 'new-file' | 'budget' | 'deletion';

export interface AgentViolation {
  type: ViolationType;
  path: string;
  why: string;
  fix: string; // the command that would allow it
}

export interface AgentCheck {
  agent: string;
  /** the entry that set the rule (or the default) the change was checked against; null: the built-in default */
  origin: RuleOrigin | null;
  rule: string; // "rule for ci-*", "default allow", …
  violations: AgentViolation[];
}

/** Targets of the human authorizations a deletion may rely on. */
export interface DeleteGrant {
  targets: string[];
  expires?: string;
}

/** The rule for `agentId`: its own, else the most specific glob naming it (longest; then the later), else none. */
export function ruleFor(policy: AgentPolicy, agentId: string): AgentRule | null {
  const own = policy.rules.get(agentId);
  if (own) return own;
  let best: AgentRule | null = null;
  for (const r of policy.rules.values()) {
    if (!r.agent.includes('*') || !agentIdMatches(r.agent, agentId)) continue;
    if (!best || r.agent.length > best.agent.length || (r.agent.length === best.agent.length && r.at.ts > best.at.ts)) best = r;
  }
  return best;
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** `aura agent allow …` that keeps `rule` and changes what `change` says. */
function allowCommand(agent: string, rule: AgentRule | null, change: { addPath?: string; dropDeny?: string; maxSymbols?: number; addFiles?: boolean }): string {
  const paths = [...(rule?.action === 'allow' ? rule.paths : []), ...(change.addPath ? [change.addPath] : [])];
  const deny = (rule?.action === 'allow' ? rule.deny : []).filter((d) => d !== change.dropDeny);
  const parts = ['aura agent allow', q(agent), ...paths.map((p) => `--paths ${q(p)}`), ...deny.map((d) => `--deny ${q(d)}`)];
  const max = change.maxSymbols ?? (rule?.action === 'allow' ? rule.maxSymbols : undefined);
  if (max !== undefined) parts.push(`--max-symbols ${max}`);
  if (change.addFiles || (rule?.action === 'allow' && rule.mayAddFiles)) parts.push('--may-add-files');
  return parts.join(' ') + ' --reason "…"   (an admin key)';
}

/** An authorize-delete target covers a removed symbol, or a removed file it names or names symbols in ("src/a.ts:*"). */
function covers(target: string, kind: string, path: string): boolean {
  if (symbolMatches(target, path)) return true;
  const colon = target.lastIndexOf(':');
  return kind === 'file' && colon > 0 && pathMatches(target.slice(0, colon), path);
}

export function checkAgentChange(policy: AgentPolicy, agentId: string, delta: AstDelta, grants: DeleteGrant[], now: number): AgentCheck {
  const rule = ruleFor(policy, agentId);
  const violations: AgentViolation[] = [];
  const files = touchedFiles(delta);
  const origin = rule ? rule.at : policy.fallback.at;
  const setBy = (o: RuleOrigin | null) => (o ? `entry ${o.id}` : 'the built-in default');
  let name: string;
  if (!rule) {
    name = `default ${policy.fallback.allow ? 'allow' : 'deny'} (${setBy(policy.fallback.at)})`;
    if (!policy.fallback.allow) {
      for (const f of files) violations.push({ type: 'no-rule', path: f.path, why: `agent "${agentId}" has no rule and the default for agent keys is deny (${setBy(origin)})`, fix: allowCommand(agentId, null, { addPath: f.path }) });
    }
  } else if (rule.action === 'revoke') {
    name = `permission of ${rule.agent} revoked (${setBy(origin)})`;
    for (const f of files) violations.push({ type: 'revoked', path: f.path, why: `the permission of "${rule.agent}" was revoked by ${setBy(origin)}`, fix: allowCommand(agentId, null, { addPath: f.path }) });
  } else if (rule.expires && Date.parse(rule.expires) <= now) {
    name = `rule for ${rule.agent} (${setBy(origin)}), expired ${rule.expires}`;
    for (const f of files) violations.push({ type: 'expired', path: f.path, why: `the rule for "${rule.agent}" set by ${setBy(origin)} expired at ${rule.expires}`, fix: allowCommand(agentId, { ...rule, expires: undefined }, {}) });
  } else {
    name = `rule for ${rule.agent} (${setBy(origin)})`;
    for (const f of files) {
      const denied = rule.deny.find((d) => pathMatches(d, f.path));
      if (denied) {
        violations.push({ type: 'denied', path: f.path, why: `denied by --deny '${denied}' of the rule for "${rule.agent}" (${setBy(origin)})`, fix: allowCommand(agentId, rule, { dropDeny: denied }) });
      } else if (!rule.paths.some((p) => pathMatches(p, f.path))) {
        violations.push({ type: 'outside-paths', path: f.path, why: `outside the paths of the rule for "${rule.agent}" (${rule.paths.join(', ')}; ${setBy(origin)})`, fix: allowCommand(agentId, rule, { addPath: f.path }) });
      } else if (f.change === 'added' && !rule.mayAddFiles) {
        violations.push({ type: 'new-file', path: f.path, why: `a new file, and the rule for "${rule.agent}" (${setBy(origin)}) does not allow adding files`, fix: allowCommand(agentId, rule, { addFiles: true }) });
      }
    }
    const symbols = delta.nodes.filter((n) => n.kind !== 'file').length;
    if (rule.maxSymbols !== undefined && symbols > rule.maxSymbols) {
      violations.push({ type: 'budget', path: '(whole commit)', why: `${symbols} changed symbols, over the budget of ${rule.maxSymbols} of the rule for "${rule.agent}" (${setBy(origin)})`, fix: allowCommand(agentId, rule, { maxSymbols: symbols }) });
    }
  }
  // Deletions are never an agent's decision alone, whatever the rule (SPEC: authorize-delete).
  const live = grants.filter((g) => !g.expires || Date.parse(g.expires) > now);
  for (const n of delta.nodes) {
    if (n.change !== 'removed') continue;
    if (live.some((g) => g.targets.some((t) => covers(t, n.kind, n.path)))) continue;
    violations.push({ type: 'deletion', path: n.path, why: 'an agent key may not delete without a human authorization', fix: `aura intent authorize-delete ${q(n.path)} --reason "…"   (a human key)` });
  }
  return { agent: agentId, origin, rule: name, violations };
}

export function formatAgentCheck(c: AgentCheck): string {
  const lines = [`aura: agent policy — commit by agent "${c.agent}" REFUSED (${c.rule}):`];
  for (const v of c.violations) lines.push(`  ✗ ${v.path} — ${v.why}`);
  lines.push('aura: to allow it:');
  for (const fix of [...new Set(c.violations.map((v) => v.fix))]) lines.push(`  ${fix}`);
  return lines.join('\n');
}

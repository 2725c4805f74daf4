// Gathers what the intent check needs — the effective policy from the log (signed `policy`
// entries only, via loadTrust), open authorizations, the committer's key kind, and the finer
// facts a claim asks for (string-literal-only edits, where a file fails to parse) — and runs it.
import type { AstDelta } from '../entry/types';
import type { DeltaSides } from '../delta/edit-kinds';
import type { LoadedKey } from '../keys/store';
import { checkIntent, CheckResult } from '../intent/check';
import { readClaims } from '../intent/claims';
import { intentPolicy } from '../intent/policy';
import type { Repo } from '../repo';
import type { TrustState } from '../entry/trust';
import { checkGovernance, Governance } from './governance';

export interface Evaluation {
  result: CheckResult;
  strict: boolean;
  /** the policy needs commit-msg to run (strict mode, an intent convention): no policy-ok hint */
  gated: boolean;
  untrusted: string | null; // why the log would not trust the committer's key (normal mode: the commit goes unlogged)
  governance: Governance; // agent policy and zones (lib/hooks/governance.ts), in every mode
  state: TrustState;
}

export interface EvaluateOptions {
  /** judge as strict mode would, whatever the policy says (`aura intent check --strict`) */
  strict?: boolean;
  /** re-checking a logged commit: the authorizations its own entry consumed still cover it */
  forEntry?: string;
  /** authorizations consumed by entries the commit supersedes (a rewritten commit may use them again) */
  reopen?: string[];
  now?: number;
}

/** `key`: the committer's key; null for a dry run without one (judged as a human, no signer gate, no governance). */
export async function evaluateIntent(repo: Repo, intent: string, delta: AstDelta, key: LoadedKey | null, sides: DeltaSides | null, opts: EvaluateOptions = {}): Promise<Evaluation> {
  const { loadTrust } = require('../trust/load') as typeof import('../trust/load');
  const { state } = await loadTrust(repo.logPath);
  const policy = intentPolicy(state.policy);
  if (opts.strict) policy.strict = true;
  let untrusted: string | null = null;
  if (key) {
    const { commitSignerRefusal, strictRefusal } = require('./signer-gate') as typeof import('./signer-gate');
    untrusted = commitSignerRefusal(state, key);
    if (untrusted && policy.strict) throw strictRefusal(key, untrusted);
  }
  const committer = key?.kind ?? 'human';
  // Reading every authorization means reading the whole log: only when something was removed.
  const removes = delta.nodes.some((n) => n.change === 'removed');
  const authorizations = removes
    ? await (require('../intent/authorizations') as typeof import('../intent/authorizations')).openAuthorizations(repo.logPath, state, opts.reopen ?? [], opts.forEntry)
    : [];
  const now = opts.now ?? Date.now();
  const result = checkIntent({ intent, delta, authorizations, committer, strict: policy.strict, now, ...finerFacts(repo, intent, delta, sides), refuseParseErrors: policy.refuseParseErrors, convention: policy.convention });
  const governance = key ? checkGovernance(state, key, delta, authorizations, policy.strict, now) : NO_GOVERNANCE;
  return { result, strict: policy.strict, gated: policy.strict || policy.convention !== null, untrusted, governance, state };
}

const NO_GOVERNANCE: Governance = { agent: null, zones: [], via: [], viaVariables: [], refused: false, holdHint: false };

/** Re-parses only what a claim needs: files that do not parse, what a cosmetic claim covers. */
function finerFacts(repo: Repo, intent: string, delta: AstDelta, sides: DeltaSides | null): Pick<Parameters<typeof checkIntent>[0], 'editKinds' | 'parseErrors'> {
  if (!sides) return {};
  const broken = delta.nodes.some((n) => n.kind === 'file' && n.parse_error && n.change !== 'removed');
  const modified = new Set(delta.nodes.filter((n) => n.change === 'modified' && (n.kind !== 'file' || n.content === 'text')).map((n) => n.path));
  const cosmetic = readClaims(intent).cosmetic !== null && modified.size > 0;
  if (!broken && !cosmetic) return {};
  const facts = require('../delta/edit-kinds') as typeof import('../delta/edit-kinds');
  return {
    ...(broken ? { parseErrors: facts.parseErrorsOf(repo.root, sides, delta) } : {}),
    ...(cosmetic ? { editKinds: facts.editKinds(repo.root, sides, delta, modified) } : {}),
  };
}

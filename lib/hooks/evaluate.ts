// Gathers what the intent check needs — the effective policy from the log (signed `policy`
// entries only, via loadTrust), open authorizations, the committer's key kind — and runs it.
import type { AstDelta } from '../entry/types';
import type { LoadedKey } from '../keys/store';
import { checkIntent, CheckResult } from '../intent/check';
import type { Repo } from '../repo';
import type { TrustState } from '../entry/trust';
import { checkGovernance, Governance } from './governance';

export interface Evaluation {
  result: CheckResult;
  strict: boolean;
  untrusted: string | null; // why the log would not trust the committer's key (normal mode: the commit goes unlogged)
  governance: Governance; // agent policy and zones (lib/hooks/governance.ts), in every mode
  state: TrustState;
}

/** `reopen`: authorizations consumed by entries the commit supersedes (a rewritten commit may use them again). */
export async function evaluateIntent(repo: Repo, intent: string, delta: AstDelta, key: LoadedKey, now = Date.now(), reopen: string[] = []): Promise<Evaluation> {
  const { loadTrust } = require('../trust/load') as typeof import('../trust/load');
  const { state } = await loadTrust(repo.logPath);
  const strict = state.policy.strict === true;
  const { commitSignerRefusal, strictRefusal } = require('./signer-gate') as typeof import('./signer-gate');
  const untrusted = commitSignerRefusal(state, key);
  if (untrusted && strict) throw strictRefusal(key, untrusted);
  // Reading every authorization means reading the whole log: only when something was removed.
  const removes = delta.nodes.some((n) => n.change === 'removed');
  const authorizations = removes
    ? await (require('../intent/authorizations') as typeof import('../intent/authorizations')).openAuthorizations(repo.logPath, state, reopen)
    : [];
  const result = checkIntent({ intent, delta, authorizations, committer: key.kind, strict, now });
  const governance = checkGovernance(state, key, delta, authorizations, strict, now);
  return { result, strict, untrusted, governance, state };
}

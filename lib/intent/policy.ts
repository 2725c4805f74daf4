// The intent check's fields of the signed policy (lib/entry/trust.ts keeps the policy as one
// object replaced whole by each newer `policy` entry; commands spread the current one):
//   refuse_parse_errors: true            strict mode refuses commits with unparsable source files
//   intent_pattern: {pattern, message?}  every intent must match `pattern` (a JavaScript regular
//                                        expression, flag u), in every mode, for every committer
// Read only from the trust state, which only signed admin entries change — never from a file.
import type { TrustState } from '../entry/trust';
import type { IntentConvention } from './check';

export interface IntentPolicy {
  strict: boolean;
  refuseParseErrors: boolean;
  convention: IntentConvention | null;
}

export function intentPolicy(policy: TrustState['policy']): IntentPolicy {
  const p = policy.intent_pattern as { pattern?: unknown; message?: unknown } | undefined;
  const convention = p && typeof p === 'object' && typeof p.pattern === 'string' && p.pattern !== ''
    ? { pattern: p.pattern, ...(typeof p.message === 'string' && p.message !== '' ? { message: p.message } : {}) }
    : null;
  return { strict: policy.strict === true, refuseParseErrors: policy.refuse_parse_errors === true, convention };
}

/** A pattern an admin may set: it compiles, and it is not so broad that it says nothing. */
export function patternProblem(pattern: string): string | null {
  try {
    const re = new RegExp(pattern, 'u');
    if (re.test('')) return 'it matches an empty intent, so it requires nothing';
    return null;
  } catch (e) {
    return `it is not a valid regular expression: ${(e as Error).message}`;
  }
}

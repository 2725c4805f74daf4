// Recorded overrides: `secret-override` entries (aura secret allow), signed by a registered,
// unrevoked HUMAN key, hash and signature checked here. An entry holds the finding's rule and
// path and only a salted fingerprint (BLAKE3(salt ‖ fingerprint)), so the log never holds a
// hash of the secret that could be looked up without the salt. It applies to the same rule
// in the same path, for the same secret, until `expires` if it has one.
import type { TrustState } from '../entry/trust';
import type { Entry } from '../entry/types';
import { signedByHuman } from '../intent/authorizations';
import { readEntries } from '../log/read';
import { Finding, saltedFingerprint } from './finding';

export interface Override {
  hash: string;
  id: string;
  keyId: string;
  rule: string;
  path: string;
  fingerprint: string; // salted
  salt: string;
  expires?: string;
  reason: string;
}

/** The fields of a `secret-override` entry for `f` (SPEC: docs/format.md). */
export function overrideFields(f: Pick<Finding, 'rule' | 'path' | 'fingerprint'>, saltHex: string, expires?: string): Record<string, unknown> {
  return { rule: f.rule, path: f.path, fingerprint: saltedFingerprint(f.fingerprint, saltHex), fingerprint_salt: saltHex, ...(expires ? { expires } : {}) };
}

function asOverride(e: Entry, trust: TrustState): Override | null {
  const { rule, path, fingerprint, fingerprint_salt: salt, expires } = e as Record<string, unknown>;
  if (typeof rule !== 'string' || typeof path !== 'string' || typeof fingerprint !== 'string' || typeof salt !== 'string') return null;
  if (!signedByHuman(e, trust)) return null;
  return {
    hash: e.hash, id: e.id, keyId: trust.keys.get(e.author.pubkey)!.keyId, rule, path, fingerprint, salt, reason: e.intent,
    ...(typeof expires === 'string' ? { expires } : {}),
  };
}

/** Every valid, unexpired override in the log. */
export async function activeOverrides(logPath: string, trust: TrustState, now = Date.now()): Promise<Override[]> {
  const out: Override[] = [];
  for await (const { entry } of readEntries(logPath)) {
    if (entry.capability !== 'secret-override') continue;
    const o = asOverride(entry, trust);
    if (o && (!o.expires || Date.parse(o.expires) > now)) out.push(o);
  }
  return out;
}

export const overrideFor = (f: Finding, overrides: Override[]): Override | undefined =>
  overrides.find((o) => o.rule === f.rule && o.path === f.path && saltedFingerprint(f.fingerprint, o.salt) === o.fingerprint);

/** Scanning is on unless a signed admin `policy` entry set secret_scan to false. */
export const scanningOn = (trust: TrustState): boolean => trust.policy.secret_scan !== false;

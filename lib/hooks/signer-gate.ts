// The hooks never append an entry signed by a key the log does not trust at that point (a new
// teammate's key an admin has not approved yet, a revoked key): one such entry would make
// `aura audit verify` report UNKNOWN_SIGNER for the whole repository. Strict mode refuses the
// commit; normal mode lets it through without an entry, and both say what to run.
import { short, signerRefusal, TrustState } from '../entry/trust';
import { AuraError } from '../errors';
import type { LoadedKey } from '../keys/store';

/** Thrown (under the writer lock) instead of appending an entry the log would not trust. */
export class UntrustedSigner extends AuraError {}

/** Why `key` may not sign a commit entry at a point of the log with `state`; null when it may. */
export const commitSignerRefusal = (state: TrustState, key: LoadedKey): string | null => signerRefusal(state, key, 'commit');

/** What the teammate runs so that their commits get logged (the same for both modes). */
export function onboardingSteps(key: LoadedKey): string {
  return [
    `  1. aura key request          writes .aura/key-requests/ (your public key only; commit and push it)`,
    `  2. an admin of this log runs: aura key approve ${JSON.stringify(key.keyId)}   (or, sent the file out of band: aura key add ${key.pubkey} --id ${JSON.stringify(key.keyId)} --kind ${key.kind})`,
    `  3. then log what you committed meanwhile: aura audit backfill <base>..HEAD   (e.g. origin/main..HEAD)`,
  ].join('\n');
}

export function untrustedError(key: LoadedKey, reason: string): UntrustedSigner {
  return new UntrustedSigner(`the active key "${key.keyId}" (${short(key.pubkey)}) may not sign entries in this log: ${reason}`, onboardingSteps(key), 1);
}

/** Strict mode: the commit is refused while it can still be stopped (pre-commit, commit-msg). */
export function strictRefusal(key: LoadedKey, reason: string): AuraError {
  return new AuraError(
    `strict mode refuses this commit: it cannot be logged, because the active key "${key.keyId}" (${short(key.pubkey)}) may not sign entries in this log (${reason})`,
    `${onboardingSteps(key)}\n  (in strict mode, commit the request file with a registered key, or send it to the admin: it holds nothing secret)`,
    1,
  );
}

/**
 * For the post-commit path: an UntrustedSigner becomes the "NOT logged" notice (returns null);
 * any other error is rethrown.
 */
export function notLogged(sha: string): (e: unknown) => null {
  return (e) => {
    if (!(e instanceof UntrustedSigner)) throw e;
    process.stderr.write(
      `aura: commit ${sha.slice(0, 10)} NOT logged: ${e.message}\n` +
        `  aura audit verify --range reports it as UNLOGGED_COMMIT until it is backfilled:\n${e.fix}\n`,
    );
    return null;
  };
}

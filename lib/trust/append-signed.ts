// "Check the signer, seal, append": the one way an entry signed by the active key is added
// outside the commit flow (key-add and key-revoke, policy, authorizations, redactions). The
// trust state is read under the writer lock, at the very tips the entry follows, so two admin
// commands racing cannot each check against a state the other is about to change, and the
// user gets a clear refusal instead of an entry every verifier would reject as UNKNOWN_SIGNER.
import { checkSigner, TrustState } from '../entry/trust';
import { sealEntry } from '../entry/seal';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { afterAppend } from '../export/after-append';
import { draftAuthor, LoadedKey } from '../keys/store';
import { appendEntry, AppendOptions } from '../log/append';
import type { Repo } from '../repo';
import { loadTrust } from './load';

/** What a trusted append writes: the entry's capability, intent and capability fields. */
export interface SignedDraft {
  capability: string;
  intent: string;
  fields: Record<string, unknown>;
}

/**
 * Appends the entry `draft` describes, signed by `key`, after `draft` (which may throw its own
 * refusal) and then the signer check have accepted it at the log's tips. `refuse` turns the
 * trust rules' reason into the error the user sees.
 */
export async function appendTrusted(
  logPath: string,
  key: LoadedKey,
  draft: (state: TrustState) => SignedDraft,
  refuse: (reason: string) => AuraError,
  opts?: AppendOptions,
): Promise<Entry> {
  return appendEntry(
    logPath,
    async (tips) => {
      const { state } = await loadTrust(logPath);
      const d = draft(state);
      const e = sealEntry({ ...d, author: draftAuthor(key), parents: tips }, key.signing);
      const reason = checkSigner(state, e);
      if (reason) throw refuse(reason);
      return e;
    },
    opts,
  );
}

/** appendTrusted for the admin and intent commands, followed by continuous export. */
export async function appendSigned(repo: Repo, key: LoadedKey, capability: string, intent: string, fields: Record<string, unknown>, fix: string): Promise<Entry> {
  const entry = await appendTrusted(repo.logPath, key, () => ({ capability, intent, fields }), (reason) => new AuraError(`refused: ${reason}`, fix), {
    fsyncEvery: repo.config.audit.fsync_every,
  });
  await afterAppend(repo, entry);
  return entry;
}

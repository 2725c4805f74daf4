// Appending an entry signed by the active key for the admin/intent commands (policy,
// authorize-delete), after checking the key may sign it — so the user gets a clear refusal
// instead of an entry every verifier would reject as UNKNOWN_SIGNER.
import { sealEntry } from '../entry/seal';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { draftAuthor, LoadedKey } from '../keys/store';
import { appendEntry } from '../log/append';
import type { Repo } from '../repo';
import { checkSigner } from '../trust/state';
import { loadTrust } from '../trust/load';
import { afterAppend } from '../hooks/after-append';

export async function appendSigned(repo: Repo, key: LoadedKey, capability: string, intent: string, fields: Record<string, unknown>, fix: string): Promise<Entry> {
  const entry = await appendEntry(
    repo.logPath,
    async (tips) => {
      // Trust is read under the writer lock, at the very tips the entry follows: two admin
      // commands racing cannot each check against a state the other is about to change.
      const { state } = await loadTrust(repo.logPath);
      const e = sealEntry({ capability, intent, author: draftAuthor(key), parents: tips, fields }, key.signing);
      const refusal = checkSigner(state, e);
      if (refusal) throw new AuraError(`refused: ${refusal}`, fix);
      return e;
    },
    { fsyncEvery: repo.config.audit.fsync_every },
  );
  await afterAppend(repo, entry);
  return entry;
}

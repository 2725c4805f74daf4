// Sealing and appending the `commit` entry for a commit (SPEC.md, capability `commit`).
import { statSync } from 'node:fs';
import { deltaHash } from '../entry/hash';
import { sealEntry } from '../entry/seal';
import type { AstDelta, Entry } from '../entry/types';
import { draftAuthor, LoadedKey } from '../keys/store';
import { appendEntry } from '../log/append';
import type { Repo } from '../repo';
import { advanceTrustCache } from '../trust/cache';
import { deferrable } from '../fs/deferred';
import { loadTrust } from '../trust/load';
import { commitSignerRefusal, untrustedError } from './signer-gate';
import { afterAppend } from '../export/after-append';
import { bindingFields, CommitBinding } from '../git/binding';
import { governanceFields } from './governance';

export interface CommitEntryInput {
  intent: string;
  delta: AstDelta;
  binding: CommitBinding;
  authorizations: string[]; // hashes of the authorize-delete entries it consumes
  supersedes?: string | string[]; // hash of the entry it replaces (amend, rebase, cherry-pick); several for a squash
  secretOverrides?: string[]; // hashes of the secret-override entries the secret scan used
}

/** Appends the entry; throws UntrustedSigner, appending nothing, when the log does not trust `key` at its tips. */
export async function appendCommitEntry(repo: Repo, key: LoadedKey, input: CommitEntryInput): Promise<Entry> {
  const fields: Record<string, unknown> = {
    ...bindingFields(input.binding),
    ast_delta: input.delta,
    ast_delta_hash: deltaHash(input.delta),
    authorizations: input.authorizations,
  };
  if (input.supersedes) fields.supersedes = input.supersedes;
  if (input.secretOverrides?.length) fields.secret_overrides = input.secretOverrides;
  let prevSize = 0;
  const entry = await appendEntry(
    repo.logPath,
    async (tips) => {
      prevSize = statSync(repo.logPath).size; // under the writer lock: where this line will start
      // The trust at the very tips this entry follows (the cache makes it a file read): an
      // entry its signer may not sign there is never written (lib/hooks/signer-gate.ts).
      const { state } = await loadTrust(repo.logPath);
      const refused = commitSignerRefusal(state, key);
      if (refused) throw untrustedError(key, refused);
      // agent_policy, zones_touched and author.agent / author.via (docs/format.md "commit"), from the same state
      const gov = governanceFields(state, key, input.delta, Date.now());
      return sealEntry({ capability: 'commit', intent: input.intent, author: { ...draftAuthor(key), ...gov.author }, parents: tips, fields: { ...fields, ...gov.fields } }, key.signing);
    },
    { fsyncEvery: repo.config.audit.fsync_every },
  );
  // The next commit's hook then reads trust without replaying this entry (lib/trust/cache.ts).
  deferrable(() => advanceTrustCache(repo.logPath, prevSize, entry)); // it checks the log again when it runs
  await afterAppend(repo, entry);
  return entry;
}

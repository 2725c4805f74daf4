// Sealing and appending the `commit` entry for a commit (SPEC.md, capability `commit`).
import { deltaHash } from '../entry/hash';
import { sealEntry } from '../entry/seal';
import type { AstDelta, Entry } from '../entry/types';
import { draftAuthor, LoadedKey } from '../keys/store';
import { appendEntry } from '../log/append';
import type { Repo } from '../repo';
import { afterAppend } from './after-append';
import { bindingFields, CommitBinding } from './binding';

export interface CommitEntryInput {
  intent: string;
  delta: AstDelta;
  binding: CommitBinding;
  authorizations: string[]; // hashes of the authorize-delete entries it consumes
  supersedes?: string; // hash of the amended commit's entry
}

export async function appendCommitEntry(repo: Repo, key: LoadedKey, input: CommitEntryInput): Promise<Entry> {
  const fields: Record<string, unknown> = {
    ...bindingFields(input.binding),
    ast_delta: input.delta,
    ast_delta_hash: deltaHash(input.delta),
    authorizations: input.authorizations,
  };
  if (input.supersedes) fields.supersedes = input.supersedes;
  const entry = await appendEntry(
    repo.logPath,
    (tips) => sealEntry({ capability: 'commit', intent: input.intent, author: draftAuthor(key), parents: tips, fields }, key.signing),
    { fsyncEvery: repo.config.audit.fsync_every },
  );
  await afterAppend(repo, entry);
  return entry;
}

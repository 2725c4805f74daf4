// commit-msg read no intent from the message (only comments and trailers, as Git will clean
// it). Strict mode refuses, naming the fix. In normal mode how the message was read never
// refuses a commit: Git itself aborts a message that is empty once cleaned, and otherwise
// post-commit judges the message Git actually stored (the deferred check of policy-cache.ts).
import { writeFileSync, mkdirSync } from 'node:fs';
import { requireIntentText, stateDir } from '../intent/pending';
import type { Repo } from '../repo';
import { deferredPath } from './policy-cache';

export async function noIntentInMessage(repo: Repo): Promise<number> {
  const { loadTrust } = require('../trust/load') as typeof import('../trust/load');
  const { state } = await loadTrust(repo.logPath);
  if (state.policy.strict === true) requireIntentText('', 'commit message without comments and trailers'); // throws the usage
  mkdirSync(stateDir(repo.gitDir), { recursive: true });
  writeFileSync(deferredPath(repo), '');
  return 0;
}

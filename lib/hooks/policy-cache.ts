// A hint that lets the commit-msg stub skip starting Node when nothing in the policy needs it
// (strict mode off and no intent convention, lib/intent/policy.ts): hooks are
// on every commit's path and a Node start is most of what they cost (bench/hooks.ts).
// <git-dir>/aura/policy-ok holds the log's size and path at a moment the hooks read the
// SIGNED policy from the log and found it needs no commit-msg check. The dispatcher
// (hooks/dispatch.sh) trusts it only while the log is unchanged (same size, not modified after
// the hint was written); any append, pull, merge or edit of the log, or an edit of
// .aura/config.toml, makes it stale, and the full check runs. When it skips, it leaves
// <git-dir>/aura/deferred-check and post-commit runs the intent check on the commit made.
// The hint only ever skips a check that the policy would not enforce; deleting or
// editing it is no stronger than `git commit --no-verify`, which CI catches (UNLOGGED_COMMIT).
import { deferrable } from '../fs/deferred';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { removeFile } from '../fs/atomic-file';
import { join } from 'node:path';
import { stateDir } from '../intent/pending';
import type { Repo } from '../repo';

export const policyOkPath = (repo: Repo): string => join(stateDir(repo.gitDir), 'policy-ok');
export const deferredPath = (repo: Repo): string => join(stateDir(repo.gitDir), 'deferred-check');

/**
 * Call after the last write to the log in this process, with the policy just read from it:
 * `gated` when commit-msg must run (strict mode, an intent convention: evaluate.ts).
 */
export function notePolicy(repo: Repo, gated: boolean): void {
  const file = policyOkPath(repo);
  // With on_failure = "fail_commit" commit-msg must run to probe the collector: no hint.
  const exportGate = repo.config['audit.export'].enabled && repo.config['audit.export'].on_failure === 'fail_commit';
  if (gated || exportGate || !existsSync(repo.logPath)) {
    removeFile(file);
    return;
  }
  // The key matters too: an agent key's commits are always checked (governance.ts), so the
  // dispatcher trusts the hint only under the same AURA_KEY and an unchanged default key. The
  // last line is the log's path as a `find -path` pattern (glob characters escaped): one `find`
  // then checks the log's size and every file's time. The size is the one checked now; the file
  // may be written after the hook's answer (lib/fs/deferred.ts): until then the last hint,
  // of a smaller log, sends commit-msg to Node.
  const glob = repo.logPath.replace(/[\\*?[]/g, '\\$&');
  const hint = `${statSync(repo.logPath).size}\n${repo.logPath}\n${process.env.AURA_KEY ?? ''}\n${glob}\n`;
  deferrable(() => {
    mkdirSync(stateDir(repo.gitDir), { recursive: true });
    writeFileSync(file, hint);
  });
}

/** True (and consumed) when the commit-msg stub deferred the check to post-commit just now. */
export function takeDeferred(repo: Repo, now = Date.now()): boolean {
  const file = deferredPath(repo);
  if (!existsSync(file)) return false;
  const fresh = now - statSync(file).mtimeMs < 10 * 60 * 1000; // a marker left by an aborted commit long ago does not count
  removeFile(file);
  return fresh;
}

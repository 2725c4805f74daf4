// Moving HEAD to a commit aura rebuilt (the fold of post-commit, a relogged rebase). `git
// update-ref` runs the reference-transaction hook twice (prepared, committed): a shell, the
// dispatcher, ~13 ms on every commit, for aura's own hook, which has nothing to do for a local
// branch (it watches remote-tracking refs only, lib/omission). So when the hook Git would run
// is exactly aura's whole-file stub with no hook of the user's chained before it (or there is
// none), no hook runs: the fold then writes the branch's files itself (lib/git/ref-files.ts,
// the plain case: ~7 ms less than a git process) or runs git with hooks off. Anything else — a
// user's hook, husky's directory, a stub of another version, a hooks directory aura was not
// told (AURA_HOOK_FILE, set by the stubs) — gets `git update-ref` with its hooks.
import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gitRaw } from '../git/exec';
import { moveHeadByFiles, ReflogIdent } from '../git/ref-files';
import type { Repo } from '../repo';
import { CHAINED_SUFFIX, removeBlock, standaloneStub } from './stub';

const HOOK = 'reference-transaction';

/**
 * Compare-and-swap HEAD from `old` to `fresh`, with `message` in the reflog. `who` is the
 * reflog's identity when the caller knows it is the one Git would write (the committer of the
 * commit Git just made, in this same `git commit`): only then may the files be written here.
 */
export function moveHead(repo: Repo, fresh: string, old: string, message: string, who?: ReflogIdent): void {
  const hooks = refHook();
  if (hooks === 'aura' || hooks === 'none') {
    if (who && moveHeadByFiles(repo.gitDir, repo.commonDir, fresh, old, message, who)) return;
    gitRaw(['-c', 'core.hooksPath=/dev/null', 'update-ref', '-m', message, 'HEAD', fresh, old], { cwd: repo.root }); // a file, so no hook is found under it
    return;
  }
  gitRaw(['update-ref', '-m', message, 'HEAD', fresh, old], { cwd: repo.root });
}

/** The reference-transaction hook Git would run: none, aura's alone, or another (or unknown: AURA_HOOK_FILE unset). */
function refHook(): 'none' | 'aura' | 'other' {
  const ran = process.env.AURA_HOOK_FILE;
  if (!ran) return 'other';
  const file = join(dirname(resolve(ran)), HOOK);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'none' : 'other'; // unreadable: let Git decide
  }
  // The block records paths; what must match is everything around it (the chaining lines).
  const ours = removeBlock(standaloneStub(HOOK, { node: '', pkg: '', name: '' }));
  return removeBlock(text) === ours && !executable(file + CHAINED_SUFFIX) ? 'aura' : 'other';
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

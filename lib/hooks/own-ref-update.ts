// Moving HEAD to a commit aura rebuilt (the fold of post-commit, a relogged rebase). `git
// update-ref` runs the reference-transaction hook twice (prepared, committed): a shell, the
// dispatcher, ~13 ms on every commit, for aura's own hook, which has nothing to do for a local
// branch (it watches remote-tracking refs only, lib/omission). So when the hook Git would run
// is exactly aura's whole-file stub with no hook of the user's chained before it, the update
// runs with hooks off. Anything else — a user's hook, husky's directory, a stub of another
// version, a hooks directory aura was not told (AURA_HOOK_FILE, set by the stubs) — runs them.
import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gitRaw } from '../git/exec';
import type { Repo } from '../repo';
import { CHAINED_SUFFIX, removeBlock, standaloneStub } from './stub';

const HOOK = 'reference-transaction';

/** Compare-and-swap HEAD from `old` to `fresh`, with `message` in the reflog. */
export function moveHead(repo: Repo, fresh: string, old: string, message: string): void {
  const quiet = ownHookOnly() ? ['-c', 'core.hooksPath=/dev/null'] : []; // a file, so no hook is found under it
  gitRaw([...quiet, 'update-ref', '-m', message, 'HEAD', fresh, old], { cwd: repo.root });
}

function ownHookOnly(): boolean {
  const ran = process.env.AURA_HOOK_FILE;
  if (!ran) return false;
  const file = join(dirname(resolve(ran)), HOOK);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false; // no such hook here, or unreadable: let Git decide
  }
  // The block records paths; what must match is everything around it (the chaining lines).
  const ours = removeBlock(standaloneStub(HOOK, { node: '', pkg: '', name: '' }));
  return removeBlock(text) === ours && !executable(file + CHAINED_SUFFIX);
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

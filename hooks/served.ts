// What the hook helper (lib/helper/server.ts) evaluates afresh for every hook it runs: `npm run
// build` bundles this file into dist/hooks/served.bundle.js, with the packages (tree-sitter and
// its grammars' native code) left outside so they load once per helper.
import { grammars } from '../grammars/registry';
import { deferCacheWrites } from '../lib/delta/cache';
import { extractSymbols } from '../lib/delta/extract';
import { setHookParent } from '../lib/hooks/git-invocation';
import { hookExitCode } from '../lib/hooks/main';
import { markServedByHelper } from '../lib/helper/start';

/**
 * Runs `hook` as hooks/run.ts would, for a client whose parent (git) is `hookParentPid`. Work
 * that only saves time later (symbol cache files) goes to `later`, which the helper runs once
 * it has answered.
 */
export function serve(hook: string, args: string[], hookParentPid: number, later: (work: () => void) => void): Promise<number> {
  markServedByHelper();
  setHookParent(hookParentPid);
  deferCacheWrites(later);
  return hookExitCode(hook, args);
}

/**
 * Run once when the helper starts, before any hook: every grammar loaded (its native code, the
 * node classes tree-sitter builds per language) and one line parsed with each, so the first
 * commit the helper serves does not pay for that. Reads nothing of the repository.
 */
export function warm(): void {
  for (const spec of grammars().values()) {
    try {
      extractSymbols(spec, 'x\n');
    } catch {
      // a grammar that cannot load fails the same way in the hook, which reports it
    }
  }
}

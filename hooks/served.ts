// What the hook helper (lib/helper/server.ts) evaluates afresh for every hook it runs: `npm run
// build` bundles this file into dist/hooks/served.bundle.js, with the packages (tree-sitter and
// its grammars' native code) left outside so they load once per helper.
import { deferCacheWrites } from '../lib/delta/cache';
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

// What the hook helper (lib/helper/server.ts) evaluates afresh for every hook it runs: `npm run
// build` bundles this file into dist/hooks/served.bundle.js, with the packages (tree-sitter and
// its grammars' native code) left outside so they load once per helper.
import { grammars } from '../grammars/registry';
import { extractSymbols } from '../lib/delta/extract';
import { deferWritesTo } from '../lib/fs/deferred';
import { Prestarted, usePrestarted } from '../lib/git/exec';
import { setHookParent } from '../lib/hooks/git-invocation';
import { hookExitCode } from '../lib/hooks/main';
import { markServedByHelper } from '../lib/helper/start';

/**
 * Runs `hook` as hooks/run.ts would, for a client whose parent (git) is `hookParentPid`. Writes
 * that only save time later (caches and hints, lib/fs/deferred.ts) go to `later`, which the
 * helper runs once it has answered; git processes it has started ahead come from `prestarted`.
 */
export function serve(hook: string, args: string[], hookParentPid: number, later: (work: () => void) => void, prestarted: Prestarted): Promise<number> {
  markServedByHelper();
  setHookParent(hookParentPid);
  deferWritesTo(later);
  usePrestarted(prestarted);
  return hookExitCode(hook, args);
}

/**
 * Runs the module code of what the commit's hooks load lazily (lib/hooks/table.ts): the helper
 * calls it on a bundle it evaluates ahead of a request (lib/helper/server.ts), so that code has
 * run before the commit. Module code only, which reads nothing (the helper makes sure).
 */
export function preload(): void {
  require('../lib/hooks/flow');
  require('../lib/omission/hook');
  require('../lib/omission/observe');
}

/**
 * One round of the helper's warm-up (lib/helper/server.ts runs rounds between requests when it
 * starts): every grammar's sample parsed and hashed, so tree-sitter's native code is loaded and
 * V8 has optimized the walk before the first commit the helper serves. The parse modules are
 * the helper's own, loaded once (scripts/bundle-hooks.mjs): what V8 learns here serves every
 * later request. Reads nothing of the repository.
 */
export function warm(): void {
  for (const spec of grammars().values()) {
    try {
      extractSymbols(spec, spec.sample);
    } catch {
      // a grammar that cannot load fails the same way in the hook, which reports it
    }
  }
}

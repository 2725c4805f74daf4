// The one list of the Git hooks aura installs, and what each one runs. `aura init` writes a
// stub for every name here (lib/hooks/stub.ts), the dispatcher hands every hook to
// hooks/run.ts, which looks the name up here: adding a hook is one line in this table.
// The flow loads only when a hook runs (`aura init` and `aura status` only need the names).
type Flow = typeof import('./flow');
const flow = (): Flow => require('./flow') as Flow;
// Seen tips (lib/omission): one call after post-commit / post-merge, and reference-transaction.
type Omission = typeof import('../omission/hook');
const omission = (): Omission => require('../omission/hook') as Omission;
const hookRepo = (): import('../repo').Repo => (require('./context') as typeof import('./context')).hookContext();
// After a post-commit that ran Node itself: the hook helper for the next commits (lib/helper).
const startHelper = (repo: import('../repo').Repo): void =>
  (require('../helper/start') as typeof import('../helper/start')).startHelperIfWanted((require('../intent/pending') as typeof import('../intent/pending')).stateDir(repo.gitDir), repo.root);
const rebase = (): typeof import('./relog-rebase') => require('./relog-rebase') as typeof import('./relog-rebase');

/** A hook's work: Git's arguments in, the hook's exit code out (non-zero refuses where Git lets it). */
export type HookRunner = (args: string[]) => Promise<number>;

export const HOOK_RUNNERS = {
  'pre-commit': () => flow().preCommit(),
  'pre-merge-commit': () => flow().preCommit(),
  'commit-msg': (args) => flow().commitMsg(args[0]),
  'post-commit': async () => {
    const code = await flow().postCommit();
    const repo = hookRepo();
    const result = await omission().afterHook(code, repo);
    startHelper(repo);
    return result;
  },
  'post-merge': async (args) => omission().afterHook(await flow().postMerge(args[0]), hookRepo()),
  // The only hook Git runs on `git fetch`; hooks/dispatch.sh starts Node only for a committed
  // update of remote-tracking refs, and passes those "<old> <new> <ref>" lines on stdin.
  'reference-transaction': (args) => omission().afterRefUpdate(args[0] === 'committed' ? (require('node:fs') as typeof import('node:fs')).readFileSync(0, 'utf8') : ''),
  'post-rewrite': (args) => rebase().postRewrite(args[0] ?? ''),
} satisfies Record<string, HookRunner>;

export type HookName = keyof typeof HOOK_RUNNERS;

/** The hooks aura installs (docs/hooks.md). reference-transaction is the one hook Git runs on a
 *  fetch (lib/omission); post-rewrite logs a finished rebase (lib/hooks/relog-rebase.ts). */
export const HOOKS = Object.keys(HOOK_RUNNERS) as HookName[];

export const isHookName = (name: string): name is HookName => Object.prototype.hasOwnProperty.call(HOOK_RUNNERS, name);

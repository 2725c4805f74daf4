// The hook side of the omission checks, kept to one call per hook: record what this clone
// sees, and say loudly when a ref's log lacks entries it saw. Never fails the hook: the
// commit or fetch has already happened, and a broken check must not block work (it is
// reported, and `aura audit sync-check` runs the same check with an exit code).
import { findRepo, Repo } from '../repo';
import { formatChecks } from './report';
import type { RefCheck } from './observe';

const say = (text: string): void => void process.stderr.write(text);

async function guarded(what: string, fn: (repo: Repo) => Promise<RefCheck[]>, known?: Repo): Promise<void> {
  try {
    const repo = known ?? findRepo();
    if (!repo) return;
    say(formatChecks(await fn(repo), 'aura: '));
  } catch (e) {
    say(`aura: warning: could not ${what}: ${(e as Error).message}\n`);
  }
}

/** After post-commit / post-merge (`repo`: the hook's own): the checked-out branch's log against what was seen on it. */
export async function afterHook(code: number, repo?: Repo): Promise<number> {
  const { observeBranch, observeRemotesOfBranch } = require('./observe') as typeof import('./observe');
  await guarded('record the log tips this clone has seen', async (repo) => {
    const c = await observeBranch(repo);
    return [...observeRemotesOfBranch(repo), ...(c ? [c] : [])];
  }, repo);
  return code;
}

/** After `aura audit verify` of the repository's log: what it verified is what this clone has seen. */
export async function afterVerify(repo: Repo): Promise<void> {
  const { observeBranch } = require('./observe') as typeof import('./observe');
  await guarded('record the log tips this clone has seen', async () => {
    const c = await observeBranch(repo);
    return c ? [c] : [];
  }, repo);
}

/** reference-transaction "committed": `stdin` holds the remote-tracking refs that moved. */
export async function afterRefUpdate(stdin: string): Promise<number> {
  if (stdin === '' || process.env.AURA_HOOK_RUNNING === '1') return 0; // nothing moved, or a git command of an aura hook
  const { observeRefUpdates } = require('./observe') as typeof import('./observe');
  await guarded('check the fetched log against the tips this clone has seen', async (repo) => observeRefUpdates(repo, stdin));
  return 0;
}

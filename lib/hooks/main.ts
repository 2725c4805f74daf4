// Runs one hook as a process (or as one request of the hook helper, lib/helper): errors become
// the CLI's messages, the exit code becomes the hook's verdict (non-zero refuses the commit in
// pre-commit and commit-msg).
import { AuraError, formatError } from '../errors';
import { HOOK_RUNNERS, HOOKS, isHookName } from './table';

export function runHook(name: string, args: string[]): void {
  void hookExitCode(name, args).then((code) => {
    process.exitCode = code;
  });
}

/** Runs the hook; its error, if any, is printed. (The hook helper calls this for each request.) */
export function hookExitCode(name: string, args: string[]): Promise<number> {
  const work = isHookName(name)
    ? HOOK_RUNNERS[name](args)
    : Promise.reject(new AuraError(`unknown hook "${name}" (aura runs: ${HOOKS.join(', ')})`, 'run aura init again to rewrite the hook stubs', 1));
  return work.catch((err) => {
    process.stderr.write(formatError(err) + '\n');
    return (err as { exitCode?: number }).exitCode || 1;
  });
}

// Runs one hook as a process: errors become the CLI's messages, the exit code becomes the
// hook's verdict (non-zero refuses the commit in pre-commit and commit-msg).
import { AuraError, formatError } from '../errors';
import { HOOK_RUNNERS, HOOKS, isHookName } from './table';

export function runHook(name: string, args: string[]): void {
  const work = isHookName(name)
    ? HOOK_RUNNERS[name](args)
    : Promise.reject(new AuraError(`unknown hook "${name}" (aura runs: ${HOOKS.join(', ')})`, 'run aura init again to rewrite the hook stubs', 1));
  work.then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(formatError(err) + '\n');
      process.exitCode = (err as { exitCode?: number }).exitCode || 1;
    },
  );
}

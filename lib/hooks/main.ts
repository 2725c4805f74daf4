// Runs one hook's function as a process: errors become the CLI's messages, the exit code
// becomes the hook's verdict (non-zero refuses the commit in pre-commit and commit-msg).
import { formatError } from '../errors';

export function runHook(fn: () => Promise<number>): void {
  fn().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(formatError(err) + '\n');
      process.exitCode = (err as { exitCode?: number }).exitCode || 1;
    },
  );
}
